package io.asyncservice.sidecar.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeClassifierTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "200, SUCCESS", "201, SUCCESS", "202, SUCCESS", "204, SUCCESS", "299, SUCCESS",
        "408, RETRYABLE", "425, RETRYABLE", "429, RETRYABLE",
        "500, RETRYABLE", "502, RETRYABLE", "503, RETRYABLE", "504, RETRYABLE", "599, RETRYABLE",
        "400, PERMANENT", "401, PERMANENT", "403, PERMANENT", "404, PERMANENT", "405, PERMANENT", "409, PERMANENT",
        "410, PERMANENT", "413, PERMANENT", "415, PERMANENT", "422, PERMANENT", "424, PERMANENT", "426, PERMANENT",
        "451, PERMANENT", "499, PERMANENT",
        "301, PERMANENT", "302, PERMANENT", "304, PERMANENT", "100, PERMANENT", "600, PERMANENT",
    })
    void classifiesEveryStatusAsTheContractSays(int status, AppOutcome expected) {
        assertThat(OutcomeClassifier.classify(status)).isEqualTo(expected);
    }
}
