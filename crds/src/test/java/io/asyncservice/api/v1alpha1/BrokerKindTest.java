package io.asyncservice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

/** The registry of broker kinds stays whole: the constants, the spec's fields, the CRD rule and the examples agree. */
class BrokerKindTest {

    private static final List<String> FIELDS = Arrays.stream(BrokerKind.values()).map(BrokerKind::fieldName).toList();

    @Test
    void theListOfKindsInMessagesNamesEveryKindInOrder() {
        String derived = String.join(", ", FIELDS.subList(0, FIELDS.size() - 1)) + " or " + FIELDS.get(FIELDS.size() - 1);

        assertThat(BrokerKind.ONE_OF).isEqualTo(derived).isEqualTo("sqs, kafka, nats or amqp");
    }

    @Test
    void theCrdRuleAsksForExactlyOneOfEveryKind() {
        String derived = FIELDS.stream().map(f -> "has(self." + f + ")").collect(Collectors.joining(", ", "[", "]"))
                + ".filter(x, x).size() == 1";

        assertThat(BrokerKind.EXACTLY_ONE_RULE).isEqualTo(derived);
    }

    @Test
    void brokerSpecHasOneFieldPerKindAndNoOther() {
        ObjectMapper mapper = new ObjectMapper();
        List<String> properties = mapper.getSerializationConfig().introspect(mapper.constructType(BrokerSpec.class))
                .findProperties().stream().map(p -> p.getName()).toList();

        assertThat(properties).containsExactlyInAnyOrderElementsOf(FIELDS);
    }

    @Test
    void aKindIsFoundByItsFieldNameAndAnyOtherWordIsRefusedWithTheList() {
        assertThat(BrokerKind.ofField("nats")).isEqualTo(BrokerKind.NATS);
        assertThatThrownBy(() -> BrokerKind.ofField("rabbitmq")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown broker rabbitmq: use " + BrokerKind.ONE_OF);
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void eachDescriptorBelongsToItsKindAndFindsItsSpec(BrokerKind kind) throws Exception {
        BrokerSpec broker = new BrokerSpec();
        Class<?> specType = BrokerSpec.class.getMethod("get" + capitalized(kind.fieldName())).getReturnType();
        Object spec = specType.getDeclaredConstructor().newInstance();
        BrokerSpec.class.getMethod("set" + capitalized(kind.fieldName()), specType).invoke(broker, spec);

        assertThat(kind.descriptor().kind()).isSameAs(kind);
        assertThat(kind.descriptor().specOf(broker)).isSameAs(spec);
        assertThat(broker.kind()).isEqualTo(kind);
        assertThat(broker.kindCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    @SuppressWarnings("unchecked")
    void eachKindHasAnExampleWhoseInputUsesIt(BrokerKind kind) throws IOException {
        Path example = Path.of("..").resolve(kind.descriptor().example());

        assertThat(example).exists();
        boolean found = false;
        for (Object doc : new Yaml().loadAll(Files.readString(example))) {
            if (doc instanceof Map<?, ?> map && "AsyncService".equals(map.get("kind"))) {
                Map<String, Object> input = (Map<String, Object>) ((Map<String, Object>) map.get("spec")).get("input");
                assertThat(input).as("spec.input of %s", example).containsOnlyKeys(kind.fieldName());
                found = true;
            }
        }
        assertThat(found).as("an AsyncService in %s", example).isTrue();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
