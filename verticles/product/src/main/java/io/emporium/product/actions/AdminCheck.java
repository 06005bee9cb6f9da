package io.emporium.product.actions;

/**
 * How admin callers are confirmed with the user service.
 *
 * @param cacheMs how long a confirmation that a caller is an active admin is kept (0: none)
 * @param timeoutMs how long the user service may take to answer
 */
public record AdminCheck(long cacheMs, long timeoutMs) {}
