package io.hubjira.bench;

import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The polls a piece of work needs until it is complete: the item's poll and then the notes feed, as the schedule runs
 * them, again while any link of the item is not linked yet or still has a creation step to take (at most five polls).
 */
final class PollsUntilDone {

    static final int MAX_POLLS = 5;

    private PollsUntilDone() {
    }

    /** Polls the item until its links are done; answers how many polls it took. */
    static int poll(ProducerTemplate producer, JdbcTemplate jdbc, long itemId) {
        int polls = 0;
        do {
            producer.requestBody("direct:hubspot-poll-item", itemId);
            producer.requestBody("direct:hubspot-notes-poll", (Object) null);
            polls++;
        } while (polls < MAX_POLLS && unfinished(jdbc, itemId) > 0);
        return polls;
    }

    /** Links of the item still reserved, or linked with a step left. */
    static long unfinished(JdbcTemplate jdbc, long itemId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND (state = 'PENDING' OR pending_steps IS NOT NULL)",
                Long.class, itemId);
    }

    static long ceil(long n, long per) {
        return (n + per - 1) / per;
    }
}
