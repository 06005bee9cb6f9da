package io.emporium.gateway.http;

import io.emporium.contract.EncodedReply;
import io.emporium.platform.mesh.CallContext;
import io.vertx.core.Future;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A route's read of one resource named by its one path parameter, answered as the service encoded it:
 * what the route's handler sends on the bus, callable without a routing context (by the cache lane).
 *
 * @param accepts the values the route's handler reads (any other it answers with an error: the lane
 *     leaves those requests to the router, which writes that error)
 * @param call the mesh call for a value; fails with the call's contract error
 */
public record PassThroughRead(Predicate<String> accepts,
    BiFunction<String, CallContext, Future<EncodedReply>> call) {}
