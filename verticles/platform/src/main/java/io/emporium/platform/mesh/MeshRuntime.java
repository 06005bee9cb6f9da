package io.emporium.platform.mesh;

import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.vertx.core.Vertx;

/**
 * What a mesh's calls and background checks work with: the instances' state, the choice of an instance,
 * the bus transport, the view, the settings, the meters and the Vert.x instance for timers. One per mesh;
 * the facade ({@link MeshClient}) makes it, the parts never reach back to the facade.
 */
record MeshRuntime(Vertx vertx, MeshSettings settings, MeshMeters meters, ServiceDirectory directory,
    EndpointTable endpoints, InstanceSelection selection, BusTransport transport) {}
