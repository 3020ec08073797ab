package io.hubjira.secret;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's encoder: Spring Boot's structured JSON (ecs, logstash or gelf) when
 * {@code logging.structured.format.console} is set, else the usual pattern with masked messages. One appender for
 * both, because logback cannot choose between two without Janino. Secrets in JSON lines are masked by
 * {@link MaskingJsonMembers}.
 */
public class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

    private String structuredFormat;
    private String pattern;
    private Charset charset = StandardCharsets.UTF_8;
    private Encoder<ILoggingEvent> delegate;

    public void setStructuredFormat(String structuredFormat) {
        this.structuredFormat = structuredFormat;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    boolean structured() {
        return structuredFormat != null && !structuredFormat.isBlank();
    }

    @Override
    public void start() {
        if (structured()) {
            StructuredLogEncoder json = new StructuredLogEncoder();
            json.setFormat(structuredFormat.trim());
            json.setCharset(charset);
            delegate = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            text.setCharset(charset);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
