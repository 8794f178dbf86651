package io.asyncservice.operator.scaling.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.TestingSecretReader;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whose identity reads an SQS backlog: the operator's own only on an explicit opt-in. */
class SqsScalerCredentialsTest {

    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs";

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("a Secret, identityOwner unset", "aws", null, SqsScalerCredentials.SERVICE_SECRET),
                Arguments.of("a Secret, identityOwner: service", "aws", SqsIdentityOwner.SERVICE, SqsScalerCredentials.SERVICE_SECRET),
                Arguments.of("no Secret, identityOwner: operator", null, SqsIdentityOwner.OPERATOR, SqsScalerCredentials.OPERATOR_IDENTITY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void choosesTheCredentials(String description, String secret, SqsIdentityOwner owner, SqsScalerCredentials expected)
            throws Exception {
        assertThat(SqsScalerCredentials.of(spec(secret, owner))).isEqualTo(expected);
    }

    static Stream<Arguments> noCredentials() {
        return Stream.of(
                Arguments.of("no Secret, identityOwner unset", null, null),
                Arguments.of("no Secret, identityOwner: service", null, SqsIdentityOwner.SERVICE),
                Arguments.of("a blank Secret name", " ", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noCredentials")
    void withoutCredentialsOfItsOwnOrAnOptInTheOperatorsIdentityIsNotUsed(String description, String secret,
                                                                         SqsIdentityOwner owner) {
        assertThatThrownBy(() -> SqsScalerCredentials.of(spec(secret, owner)))
                .isInstanceOfSatisfying(BacklogReadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BacklogReadException.NO_CREDENTIALS).isEqualTo("NoCredentials");
                    assertThat(e.getMessage()).contains(QUEUE, "set sqs.credentialsSecret", "sqs.identityOwner: operator");
                });
    }

    @Test
    void aSecretTogetherWithTheOptInIsInvalid() {
        assertThatThrownBy(() -> SqsScalerCredentials.of(spec("aws", SqsIdentityOwner.OPERATOR)))
                .isInstanceOfSatisfying(BacklogReadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BacklogReadException.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains("set one or the other");
                });
    }

    @Test
    void withoutCredentialsNoClientIsCreated() {
        ClientPool pool = new ClientPool();
        assertThatThrownBy(() -> SqsBacklogReader.open("team-a", spec(null, null), new TestingSecretReader(), pool,
                Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(BacklogReadException.class,
                        e -> assertThat(e.reason()).isEqualTo(BacklogReadException.NO_CREDENTIALS));
        assertThat(pool.size()).isZero();
    }

    private static SqsSpec spec(String secret, SqsIdentityOwner owner) {
        SqsSpec spec = new SqsSpec();
        spec.setQueueUrl(QUEUE);
        spec.setRegion("eu-west-1");
        spec.setCredentialsSecret(secret);
        spec.setIdentityOwner(owner);
        return spec;
    }
}
