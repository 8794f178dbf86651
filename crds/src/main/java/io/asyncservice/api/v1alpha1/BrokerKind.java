package io.asyncservice.api.v1alpha1;

import java.util.Locale;

public enum BrokerKind {
    SQS, KAFKA, NATS, AMQP;

    /** The field name used in the spec, e.g. {@code sqs}. */
    public String fieldName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
