package io.asyncservice.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the API server's RBAC refuses: the call fails with 403 Forbidden, not with any other error. */
final class Forbidden {

    private Forbidden() {
    }

    static void assertForbidden(String what, ThrowingCallable call) {
        assertThatThrownBy(call).as(what).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).as(what + ": " + e.getMessage()).isEqualTo(403));
    }
}
