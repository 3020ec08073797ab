package io.hubjira.secret;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Structured JSON log lines with every secret masked: the message, the stack trace and every other string member
 * (registered with {@code logging.structured.json.customizer}).
 */
public class MaskingJsonMembers implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, SecretMasker::mask));
    }
}
