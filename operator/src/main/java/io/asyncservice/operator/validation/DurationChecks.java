package io.asyncservice.operator.validation;

import io.asyncservice.api.v1alpha1.Durations;
import java.util.List;

/** Duration fields are checked by the schema's pattern too; the operator checks again, since it parses them. */
final class DurationChecks {

    private DurationChecks() {
    }

    /** Adds a problem when {@code text} is set but is not a duration; null means the field's default. */
    static void check(String field, String text, List<ValidationProblem> problems) {
        if (text == null) {
            return;
        }
        try {
            Durations.parse(field, text);
        } catch (IllegalArgumentException e) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_DURATION, e.getMessage()));
        }
    }
}
