package io.emporium.product.domain;

/** A category and the number of active products filed directly under it. */
public record CategoryCount(Category category, long products) {}
