package io.hubjira.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

class ConsoleLogEncoderTest {

    static final String SECRET = "pat-na1-00000000-0000-4000-8000-00000000e0c0";

    private static String encode(String structuredFormat, String message) {
        LoggerContext context = new LoggerContext();
        MockEnvironment env = new MockEnvironment().withProperty("logging.structured.json.customizer", MaskingJsonMembers.class.getName());
        context.putObject(Environment.class.getName(), env);
        ConsoleLogEncoder encoder = new ConsoleLogEncoder();
        encoder.setContext(context);
        encoder.setStructuredFormat(structuredFormat);
        encoder.setPattern("%5p [item=%X{item:-} record=%X{record:-} issue=%X{issue:-}] %m%n");
        encoder.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.hubjira.Test"), Level.WARN, message, null, null);
        event.setMDCPropertyMap(Map.of("item", "3", "record", "42", "issue", "SUP-7"));
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void withoutAStructuredFormatLinesFollowThePatternWithTheirItemRecordAndIssue() {
        assertThat(encode("", "synced")).isEqualTo(" WARN [item=3 record=42 issue=SUP-7] synced" + System.lineSeparator());
    }

    @Test
    void withEcsEachLineIsOneJsonObjectWithTheMdcAndSecretsMasked() throws Exception {
        SecretMasker.register(SECRET);
        String text = encode("ecs", "token " + SECRET + " refused");
        JsonNode line = new ObjectMapper().readTree(text);
        assertThat(line.at("/log/level").asText()).isEqualTo("WARN");
        assertThat(line.path("message").asText()).isEqualTo("token **** refused")
                .doesNotContain(SECRET);
        assertThat(line.toString()).contains("\"issue\":\"SUP-7\"").contains("\"record\":\"42\"").doesNotContain(SECRET);
    }
}
