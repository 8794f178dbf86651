package io.asyncservice.sandbox.pods;

/** Hears each step of a pod's termination, in order, for logs and tests. */
public interface TerminationListener {

    enum Step { PRE_STOP_STARTED, PRE_STOP_FINISHED, SIGTERM, EXITED, SIGKILL }

    void step(String pod, String container, Step step, String detail);

    static TerminationListener none() {
        return (pod, container, step, detail) -> { };
    }
}
