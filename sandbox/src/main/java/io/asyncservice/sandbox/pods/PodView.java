package io.asyncservice.sandbox.pods;

import java.time.Instant;

/**
 * What the replica planner needs to know about one pod of a Deployment.
 *
 * @param templateHash the pod's {@code pod-template-hash}
 * @param terminating  whether it has a deletionTimestamp
 */
record PodView(String name, String templateHash, boolean ready, boolean terminating, Instant created) {
}
