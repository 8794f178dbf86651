package io.asyncservice.clients.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

class SqsCredentialsTest {

    private static SqsCredentials from(Map<String, String> secret) {
        return SqsCredentials.from(k -> Optional.ofNullable(secret.get(k)));
    }

    @Test
    void bothKeysMakeStaticCredentials() {
        SqsCredentials c = from(Map.of("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "s3cret"));

        assertThat(c.isDefaultChain()).isFalse();
        assertThat(c.provider().resolveCredentials()).isEqualTo(AwsBasicCredentials.create("AKIA1", "s3cret"));
    }

    @Test
    void aSessionTokenMakesSessionCredentials() {
        SqsCredentials c = from(Map.of("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "s3cret", "AWS_SESSION_TOKEN", "tok"));

        assertThat(c.provider().resolveCredentials()).isEqualTo(AwsSessionCredentials.create("AKIA1", "s3cret", "tok"));
    }

    @Test
    void withoutBothKeysTheDefaultChainIsUsed() {
        assertThat(from(Map.of("AWS_ACCESS_KEY_ID", "AKIA1"))).isSameAs(SqsCredentials.DEFAULT_CHAIN);
        assertThat(from(Map.of())).isSameAs(SqsCredentials.DEFAULT_CHAIN);
        assertThat(SqsCredentials.DEFAULT_CHAIN.provider()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void equalKeysAreEqualCredentialsAndTheStringFormShowsNoKey() {
        assertThat(SqsCredentials.of("AKIA1", "s3cret", null)).isEqualTo(SqsCredentials.of("AKIA1", "s3cret", null));
        assertThat(SqsCredentials.of("AKIA1", "s3cret", "tok").toString()).doesNotContain("AKIA1", "s3cret", "tok");
    }
}
