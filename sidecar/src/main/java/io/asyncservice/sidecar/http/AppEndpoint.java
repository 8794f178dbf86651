package io.asyncservice.sidecar.http;

/** The app, as the delivery engine sees it: one call per attempt. */
public interface AppEndpoint {

    /** Calls the app once; never throws for an app or network failure, only when interrupted. */
    AppResult call(AppRequest request) throws InterruptedException;
}
