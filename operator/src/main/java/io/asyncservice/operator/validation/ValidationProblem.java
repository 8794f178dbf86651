package io.asyncservice.operator.validation;

/**
 * One thing wrong with an AsyncService, as a person should read it.
 *
 * @param reason  a CamelCase reason for the condition and the Event, e.g. {@code SecretNotFound}
 * @param message what is wrong and how to fix it
 */
public record ValidationProblem(String reason, String message) {

    public static final String INVALID_TEMPLATE = "InvalidTemplate";
    public static final String ENDPOINT_CONTAINER_NOT_FOUND = "EndpointContainerNotFound";
    public static final String ENDPOINT_PORT_NOT_DECLARED = "EndpointPortNotDeclared";
    public static final String SIDECAR_PORT_CONFLICT = "SidecarPortConflict";
    public static final String RESERVED_NAME = "ReservedName";
    public static final String SELECTOR_LABEL_CONFLICT = "SelectorLabelConflict";
    public static final String NAME_TOO_LONG = "NameTooLong";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String SECRET_KEY_MISSING = "SecretKeyMissing";
    public static final String INVALID_DURATION = "InvalidDuration";
    public static final String INVALID_SIZE = "InvalidSize";
    public static final String INVALID_BROKER = "InvalidBroker";
    public static final String FAILURE_DESTINATION_REQUIRED = "FailureDestinationRequired";
    public static final String INVALID_SCALING = "InvalidScaling";
    public static final String CONSUMER_TIMEOUT_TOO_SHORT = "ConsumerTimeoutTooShort";
}
