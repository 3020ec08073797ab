package io.hubjira.ops;

import org.slf4j.MDC;

/**
 * Puts the item, record and issue a piece of work concerns into the logging context, so every log line written
 * meanwhile carries them (see logging.pattern.level in application.yaml). Use with try-with-resources; closing
 * restores what was there before.
 */
public final class LogContext implements AutoCloseable {

    private static final String ITEM = "item";
    private static final String RECORD = "record";
    private static final String ISSUE = "issue";

    private final String previousItem;
    private final String previousRecord;
    private final String previousIssue;

    private LogContext(Object item, String record, String issue) {
        previousItem = MDC.get(ITEM);
        previousRecord = MDC.get(RECORD);
        previousIssue = MDC.get(ISSUE);
        put(ITEM, item == null ? null : String.valueOf(item));
        put(RECORD, record);
        put(ISSUE, issue);
    }

    public static LogContext of(Object item, String record, String issue) {
        return new LogContext(item, record, issue);
    }

    @Override
    public void close() {
        restore(ITEM, previousItem);
        restore(RECORD, previousRecord);
        restore(ISSUE, previousIssue);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
