package io.asyncservice.operator.scaling;

import java.util.OptionalInt;

/** The replicas of the Deployment an AsyncService scales. With autoscaling on, the scaler is its only writer. */
public interface ReplicaStore {

    /** The Deployment's spec.replicas, or empty when the Deployment does not exist (yet). */
    OptionalInt read(ScaledService service);

    /** Sets the Deployment's replicas, through the scale subresource or an equivalent patch of spec.replicas only. */
    void write(ScaledService service, int replicas);
}
