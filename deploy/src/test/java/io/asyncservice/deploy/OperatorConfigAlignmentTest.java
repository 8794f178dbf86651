package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart sets exactly the variables the operator reads, and the README's configuration table lists them. The names
 * come from the operator's {@code OperatorConfig} constants and its logback.xml, by reflection, so this test needs no
 * change when the operator adds a variable, and fails until the chart sets it and the README lists it. Skipped while
 * the operator module has no OperatorConfig.
 */
class OperatorConfigAlignmentTest {

    static final String CONFIG = "io.asyncservice.operator.config.OperatorConfig";
    /** Variables the chart may leave to the operator's default. */
    static final Set<String> LEFT_TO_DEFAULT = Set.of("ASVC_HTTP_HOST");

    @Test
    void chartSetsEveryVariableTheOperatorReads() throws Exception {
        Set<String> operator = operatorVariables();
        Set<String> chart = chartVariables();

        assertThat(chart).as("variables the chart sets that the operator does not read")
                .filteredOn(v -> v.startsWith("ASVC_")).isSubsetOf(operator);
        Set<String> missing = new TreeSet<>(operator);
        missing.removeAll(chart);
        missing.removeAll(LEFT_TO_DEFAULT);
        assertThat(missing).as("variables the operator reads that the chart does not set").isEmpty();
    }

    @Test
    void readmesConfigurationTableListsEveryVariable() throws Exception {
        Set<String> readme = readmeVariables();
        Set<String> expected = new TreeSet<>(operatorVariables());
        chartVariables().stream().filter(v -> v.startsWith("LOG_")).forEach(expected::add);

        assertThat(readme).as("variables in the README's configuration table").containsAll(expected);
        assertThat(readme).as("variables in the README's configuration table that the operator does not read")
                .filteredOn(v -> v.startsWith("ASVC_")).isSubsetOf(operatorVariables());
    }

    @Test
    void chartsDefaultsAreTheOperatorsDefaults() throws Exception {
        Class<?> config = operatorConfig();
        var fromEnv = config.getMethod("fromEnv", Map.class);
        Object operatorDefaults = fromEnv.invoke(null, Map.of());
        Object chartDefaults = fromEnv.invoke(null, OperatorStartsWithChartEnvIT.chartEnv(Chart.render().one(Deployment.class)));

        for (String component : new String[] {"secretRecheck", "scaler"}) {
            assertThat(config.getMethod(component).invoke(chartDefaults)).as(component)
                    .isEqualTo(config.getMethod(component).invoke(operatorDefaults));
        }
    }

    @Test
    void chartSetsTheLoggingVariablesTheOperatorsLogbackReads() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("logback.xml")) {
            assumeTrue(in != null, "the operator has no logback.xml yet");
            String logback = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String variable : chartVariables()) {
                if (variable.startsWith("LOG_")) {
                    assertThat(logback).as("logback.xml reads %s", variable).contains("${" + variable);
                }
            }
        }
    }

    @Test
    void chartsDefaultSidecarImageIsTheOperators() throws Exception {
        Class<?> config = operatorConfig();
        String operatorDefault = (String) config.getField("DEFAULT_SIDECAR_IMAGE").get(null);

        assertThat(RbacTest.env(Chart.render(), "ASVC_SIDECAR_IMAGE")).isEqualTo(operatorDefault);
    }

    static Set<String> operatorVariables() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Field field : operatorConfig().getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String value = (String) field.get(null);
                if (value != null && value.matches("ASVC_[A-Z_]+")) {
                    names.add(value);
                }
            }
        }
        return names;
    }

    /** The variables named in the first column of the README's table under "Configuration, read once at start". */
    static Set<String> readmeVariables() {
        String readme = Drift.read(Chart.REPO.resolve("README.md"));
        int start = readme.indexOf("Configuration, read once at start");
        assertThat(start).as("the README's operator configuration table").isNotNegative();
        Set<String> names = new TreeSet<>();
        boolean inTable = false;
        for (String line : readme.substring(start).split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                Matcher m = README_VARIABLE.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            } else if (inTable) {
                break;
            }
        }
        return names;
    }

    private static final Pattern README_VARIABLE = Pattern.compile("`((?:ASVC|LOG)_[A-Z_]+)`");

    static Set<String> chartVariables() {
        Set<String> names = new TreeSet<>();
        for (EnvVar var : Chart.render().one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv()) {
            names.add(var.getName());
        }
        return names;
    }

    private static Class<?> operatorConfig() {
        try {
            return Class.forName(CONFIG);
        } catch (ClassNotFoundException e) {
            assumeTrue(false, CONFIG + " is not in the operator artifact yet");
            throw new AssertionError(e);
        }
    }
}
