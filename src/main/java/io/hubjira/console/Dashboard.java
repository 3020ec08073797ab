package io.hubjira.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubjira.audit.AuditLog.Direction;
import io.hubjira.audit.AuditLog;
import io.hubjira.audit.DeadLetters;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.connection.ConnectionStore;
import io.hubjira.failure.NotFoundException;
import io.hubjira.hubspottojira.PollRuns.PollRun;
import io.hubjira.hubspottojira.PollRuns;
import io.hubjira.item.ItemRepository;
import io.hubjira.item.SmartConnectedItem;
import io.hubjira.link.LinkStore;
import io.hubjira.queue.HubSpotChangeQueue;
import io.hubjira.queue.JiraEventQueue;
import io.hubjira.sync.ItemContext;
import io.hubjira.sync.ItemContexts;
import org.springframework.stereotype.Component;

/**
 * The console's first page: per item, is it healthy, and if not why — last success each way, what waits and since
 * when (lag), failures in 24 hours, open dead letters, paused or running — grouped by the pair of connections (HubSpot
 * portal, Jira site) the items sync between, and the progress of every poll running now.
 */
@Component
public class Dashboard {

    public enum Health { HEALTHY, ATTENTION, FAILING, PAUSED }

    /** A running (or just finished) poll: records so far out of HubSpot's total, the rate and when it should be done. */
    public record Progress(long itemId, String item, boolean running, boolean stalled, Instant startedAt, Instant updatedAt, Instant finishedAt,
                           long recordsSeen, Long expectedTotal, Integer percent, int pages, double ratePerSecond, Instant eta,
                           PollRuns.Outcome outcome, int failedRecords, String detail, String instance) {}

    public record LastSuccess(Instant hubspotToJira, Instant jiraToHubSpot) {}

    /** How long the oldest waiting change has waited, each way (null: nothing waits). */
    public record Lag(Long hubspotToJiraSeconds, Long jiraToHubSpotSeconds) {}

    /** The HubSpot connection and the Jira connection an item syncs between (names as the admin chose them). */
    public record ConnectionPair(long hubspotConnectionId, String hubspotConnection, long jiraConnectionId, String jiraConnection) {}

    public record ItemHealth(long id, String name, boolean paused, boolean running, Health health, List<String> problems,
                             ItemLabels.Labels labels, long links, LastSuccess lastSuccess, Lag lag, long failures24h, int openDeadLetters,
                             Progress lastPoll, ConnectionPair connections) {}

    private final ItemRepository items;
    private final ItemLabels labels;
    private final AuditLog audit;
    private final DeadLetters deadLetters;
    private final PollRuns pollRuns;
    private final HubSpotChangeQueue hubspotChanges;
    private final JiraEventQueue inbox;
    private final LinkStore links;
    private final ItemContexts contexts;
    private final ConnectionStore connections;
    private final Clock clock;
    private final ConnectorProperties.Console console;

    public Dashboard(ItemRepository items, ItemLabels labels, AuditLog audit, DeadLetters deadLetters, PollRuns pollRuns,
                     HubSpotChangeQueue hubspotChanges, JiraEventQueue inbox, LinkStore links, ItemContexts contexts,
                     ConnectionStore connections, Clock clock, ConnectorProperties props) {
        this.contexts = contexts;
        this.connections = connections;
        this.items = items;
        this.labels = labels;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.pollRuns = pollRuns;
        this.hubspotChanges = hubspotChanges;
        this.inbox = inbox;
        this.links = links;
        this.clock = clock;
        this.console = props.console();
    }

    /** Every item's health, the items of one connection pair together (pairs in the order of their connections). */
    public List<ItemHealth> items() {
        Map<Long, Integer> open = deadLetters.openPerItem();
        Names names = names();
        List<ItemHealth> rows = new ArrayList<>();
        for (SmartConnectedItem item : items.findAll()) {
            rows.add(health(item, open.getOrDefault(item.id(), 0), names));
        }
        rows.sort(java.util.Comparator.comparingLong((ItemHealth h) -> h.connections().hubspotConnectionId())
                .thenComparingLong(h -> h.connections().jiraConnectionId()));
        return rows;
    }

    public ItemHealth item(long id) {
        SmartConnectedItem item = items.findById(id)
                .orElseThrow(() -> new NotFoundException("unknown_item", "There is no Smart Connected Item with id " + id + "."));
        return health(item, deadLetters.open(id).size(), names());
    }

    /** The connections' names by id, read once per answer. */
    private record Names(Map<Long, String> hubspot, Map<Long, String> jira) {}

    private Names names() {
        Map<Long, String> hubspot = new java.util.LinkedHashMap<>();
        connections.hubSpotConnections().forEach(c -> hubspot.put(c.id(), c.name()));
        Map<Long, String> jira = new java.util.LinkedHashMap<>();
        connections.jiraConnections().forEach(c -> jira.put(c.id(), c.name()));
        return new Names(hubspot, jira);
    }

    /** The item's pair; an item bound to no connection yet (none was saved) names the first of each list, if any. */
    private static ConnectionPair pair(SmartConnectedItem item, Names names) {
        long hubspot = item.hubspotConnectionId() != 0 ? item.hubspotConnectionId() : names.hubspot().keySet().stream().findFirst().orElse(0L);
        long jira = item.jiraConnectionId() != 0 ? item.jiraConnectionId() : names.jira().keySet().stream().findFirst().orElse(0L);
        return new ConnectionPair(hubspot, names.hubspot().get(hubspot), jira, names.jira().get(jira));
    }

    /** Polls running now, and those that ended in the last minute (so a page polling every few seconds sees the end). */
    public List<Progress> progress() {
        Instant now = clock.instant();
        Map<Long, String> names = new java.util.HashMap<>();
        items.findAll().forEach(i -> names.put(i.id(), i.name()));
        return pollRuns.all().stream()
                .filter(r -> r.running() || r.finishedAt().isAfter(now.minusSeconds(60)))
                .map(r -> progress(r, names.getOrDefault(r.itemId(), "#" + r.itemId()), now))
                .toList();
    }

    /** Audit events as the activity view shows them: with the item's name and the record's and issue's URLs. */
    public List<Map<String, Object>> activity(List<AuditLog.Event> events) {
        Map<Long, Optional<ItemContext>> contexts = new java.util.HashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditLog.Event e : events) {
            Optional<ItemContext> ctx = e.itemId() == null ? Optional.empty() : contexts.computeIfAbsent(e.itemId(), this::context);
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("id", e.id());
            row.put("occurredAt", e.occurredAt());
            row.put("itemId", e.itemId());
            row.put("item", ctx.map(c -> c.item().name()).orElse(null));
            row.put("direction", e.direction());
            row.put("action", e.action());
            row.put("outcome", e.outcome());
            row.put("recordId", e.recordId());
            row.put("recordUrl", e.recordId() == null ? null : ctx.map(c -> c.recordUrl(e.recordId())).orElse(null));
            row.put("issueKey", e.issueKey());
            row.put("issueUrl", e.issueKey() == null ? null : ctx.map(c -> c.issueUrl(e.issueKey())).orElse(null));
            row.put("fields", e.fields());
            row.put("detail", e.detail());
            row.put("actor", e.actor() == null ? null : e.actor().name());
            row.put("actorAccountId", e.actor() == null ? null : e.actor().accountId());
            rows.add(row);
        }
        return rows;
    }

    private Optional<ItemContext> context(long itemId) {
        try {
            return Optional.of(contexts.forItem(itemId));
        } catch (RuntimeException gone) {
            return Optional.empty();
        }
    }

    private ItemHealth health(SmartConnectedItem item, int openDeadLetters, Names names) {
        Instant now = clock.instant();
        long id = item.id();
        Optional<PollRun> run = pollRuns.latest(id);
        Progress lastPoll = run.map(r -> progress(r, item.name(), now)).orElse(null);
        LastSuccess last = new LastSuccess(audit.lastSuccess(id, Direction.HUBSPOT_TO_JIRA), audit.lastSuccess(id, Direction.JIRA_TO_HUBSPOT));
        Lag lag = new Lag(secondsSince(hubspotChanges.oldestWaiting(item.hubspotConnectionId(), item.definition().hubspotObject()), now),
                secondsSince(inbox.oldestWaitingForItem(id), now));
        long failures = audit.failuresSince(id, now.minus(Duration.ofHours(24)));
        boolean paused = !item.definition().isEnabled();
        List<String> problems = problems(openDeadLetters, failures, lastPoll, lag);
        Health health = paused ? Health.PAUSED
                : openDeadLetters > 0 || (lastPoll != null && lastPoll.outcome() == PollRuns.Outcome.FAILED) ? Health.FAILING
                : problems.isEmpty() ? Health.HEALTHY : Health.ATTENTION;
        return new ItemHealth(id, item.name(), paused, lastPoll != null && lastPoll.running(), health, problems, labels.of(item),
                links.linkedCount(id), last, lag, failures, openDeadLetters, lastPoll, pair(item, names));
    }

    private List<String> problems(int openDeadLetters, long failures, Progress lastPoll, Lag lag) {
        List<String> problems = new ArrayList<>();
        if (openDeadLetters > 0) {
            problems.add(openDeadLetters + (openDeadLetters == 1 ? " dead letter waits" : " dead letters wait") + " for a replay or a fix");
        }
        if (lastPoll != null && lastPoll.outcome() == PollRuns.Outcome.FAILED) {
            problems.add("the last poll failed: " + lastPoll.detail());
        }
        if (lastPoll != null && lastPoll.outcome() == PollRuns.Outcome.PARTIAL) {
            problems.add("the last poll left " + lastPoll.failedRecords() + " record(s) unsynced");
        }
        if (lastPoll != null && lastPoll.stalled()) {
            problems.add("the running poll has not moved since " + lastPoll.updatedAt());
        }
        if (failures > 0 && openDeadLetters == 0) {
            problems.add(failures + " failed sync action(s) in 24 hours, none left open");
        }
        long stalled = console.stalledAfter().toSeconds();
        if (lag.hubspotToJiraSeconds() != null && lag.hubspotToJiraSeconds() > stalled) {
            problems.add("HubSpot changes wait for " + lag.hubspotToJiraSeconds() / 60 + " min");
        }
        if (lag.jiraToHubSpotSeconds() != null && lag.jiraToHubSpotSeconds() > stalled) {
            problems.add("Jira events wait for " + lag.jiraToHubSpotSeconds() / 60 + " min");
        }
        return problems;
    }

    private Progress progress(PollRun r, String item, Instant now) {
        boolean stalled = r.running() && r.updatedAt().isBefore(now.minus(console.stalledAfter()));
        Integer percent = r.expectedTotal() == null || r.expectedTotal() == 0 ? null
                : (int) Math.min(100, r.recordsSeen() * 100 / r.expectedTotal());
        double rate = Math.round(r.ratePerSecond(now) * 10) / 10.0;
        return new Progress(r.itemId(), item, r.running(), stalled, r.startedAt(), r.updatedAt(), r.finishedAt(), r.recordsSeen(), r.expectedTotal(),
                percent, r.pages(), rate, r.eta(now), r.outcome(), r.failedRecords(), r.detail(), r.instance());
    }

    private static Long secondsSince(Optional<Instant> oldest, Instant now) {
        return oldest.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(null);
    }
}
