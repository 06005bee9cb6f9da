package io.emporium.product.category;

/** A category and the number of active products filed directly under it. */
public record CategoryCount(Category category, long products) {}
