package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum MessageFormat {
    /** The message body is POSTed byte for byte. */
    @JsonProperty("raw")
    RAW,
    /** TrueFoundry's envelope is unwrapped and the output follows its OutputMessage shape. */
    @JsonProperty("truefoundry")
    TRUEFOUNDRY
}
