package io.asyncservice.operator.controller;

import io.asyncservice.api.v1alpha1.AsyncService;

/**
 * A Deployment with the AsyncService's name exists and is not the AsyncService's: the operator never takes over a
 * Deployment it did not create (with server-side apply and force it could, silently rewriting someone else's
 * workload). The user must free the name, and the message says how.
 */
final class DeploymentNameTakenException extends RuntimeException {

    DeploymentNameTakenException(AsyncService asvc) {
        super("Deployment " + asvc.getMetadata().getName() + " already exists and does not belong to this"
                + " AsyncService (it has no owner reference to it); the operator never takes over a Deployment it did"
                + " not create. Delete or rename that Deployment, or give the AsyncService another name");
    }
}
