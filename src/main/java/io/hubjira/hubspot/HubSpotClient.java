package io.hubjira.hubspot;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiCallExecutor;
import io.hubjira.http.ApiName;
import io.hubjira.http.ApiRequest;
import io.hubjira.http.ApiResponse;
import io.hubjira.http.Page;
import io.hubjira.http.UnexpectedAnswerException;
import io.hubjira.http.WriteAttempt;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The HubSpot API as the connector uses it: every path (in the generation {@code connector.hubspot.api-version}
 * names), query parameter and JSON shape, HubSpot's batch limits (calls are split to fit), and typed answers. Every
 * request of a date-based version carries the fields HubSpot's documents require ({@code propertiesWithHistory},
 * {@code associations}, the search's paging fields). Calls go through {@link ApiCallExecutor} (rate limits, retries,
 * counting); nothing here knows about Jira or the sync.
 */
@Component
public class HubSpotClient implements org.springframework.context.ApplicationEventPublisherAware {

    private final ApiCallExecutor executor;
    private final ObjectMapper json;
    private final HubSpotCalls calls;
    private final HubSpotTokenSource tokens;
    private final HubSpotApiVersion version;
    private final Map<String, Integer> defaultAssociationTypes = new ConcurrentHashMap<>();
    private org.springframework.context.ApplicationEventPublisher events;

    public HubSpotClient(ApiCallExecutor executor, ObjectMapper json, Environment env, HubSpotTokenSource tokens,
                         ConnectorProperties props) {
        this.executor = executor;
        this.json = json;
        this.tokens = tokens;
        this.version = HubSpotApiVersion.fromSetting(props.hubspot().apiVersion());
        this.calls = new HubSpotCalls(executor, json, env, version);
    }

    public HubSpotApiVersion version() {
        return version;
    }

    public String baseUrl() {
        return calls.baseUrl();
    }

    // ---- account ---------------------------------------------------------------------------------------------------------

    /** The portal behind this connection's credential (its health), spending this connection's budget. */
    public AccountDetails accountDetails(String token) {
        return accountDetails(token, tokens.account());
    }

    /**
     * The portal behind a credential being connected: works for any kind of token HubSpot accepts. The call spends the
     * budget of {@code account}, the portal being connected, never that of the portal this client serves.
     */
    public AccountDetails accountDetails(String token, String account) {
        AccountDetails details = read(call(HubSpotOperation.ACCOUNT_DETAILS, Map.of(), token, account).build(), AccountDetails.class);
        if (details.portalId() == null) {
            throw unexpected(HubSpotOperation.ACCOUNT_DETAILS, "no portalId", null);
        }
        return details;
    }

    // ---- records -------------------------------------------------------------------------------------------------------

    /** One page of a CRM search (HubSpot's own per-second search limit applies). */
    public Page<HubSpotRecord> search(String objectType, RecordSearch search) {
        HubSpotOperation op = HubSpotOperation.OBJECTS_SEARCH;
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (List<RecordSearch.Filter> group : search.filterGroups()) {
            groups.add(Map.of("filters", group.stream().map(HubSpotClient::filter).toList()));
        }
        body.put("filterGroups", groups);
        body.put("sorts", search.sorts());
        body.put("properties", search.properties());
        body.put("limit", search.limit());
        // the documents require a cursor: "0" is the first page
        body.put("after", search.after() == null ? "0" : search.after());
        if (search.query() != null && !search.query().isBlank()) {
            body.put("query", search.query());
        }
        SearchAnswer answer = read(call(op, Map.of("objectType", objectType)).json(write(body)).idempotent(true).build(), SearchAnswer.class);
        return new Page<>(required(op, answer.results(), "results"), answer.nextCursor(), answer.total());
    }

    /**
     * Records by id, in batch reads of 100; ids HubSpot does not know (deleted, archived) are left out. The answer
     * follows the order of the ids given. Any id HubSpot failed to read (a 207 naming it) fails the call: use
     * {@link #batchReadOutcome} to act per record.
     */
    public List<HubSpotRecord> batchRead(String objectType, Collection<String> ids, Collection<String> properties) {
        return new ArrayList<>(batchReadOutcome(objectType, ids, properties).doneOrThrow().values());
    }

    /**
     * Records by id, in batch reads of 100, per record: read (in the ids' order), not found (deleted, archived) or
     * failed with HubSpot's error for it. HubSpot does not promise its results in the inputs' order: each result is
     * matched to its input by id.
     */
    public BatchOutcome<String, HubSpotRecord> batchReadOutcome(String objectType, Collection<String> ids, Collection<String> properties) {
        HubSpotOperation op = HubSpotOperation.OBJECTS_BATCH_READ;
        List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<String, HubSpotRecord> byId = new LinkedHashMap<>();
        java.util.Set<String> notFound = new LinkedHashSet<>();
        Map<String, HubSpotApiException> failed = new LinkedHashMap<>();
        for (List<String> chunk : chunks(all, op.batchLimit())) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("inputs", chunk.stream().map(id -> Map.of("id", id)).toList());
            body.put("properties", List.copyOf(new LinkedHashSet<>(properties)));
            body.put("propertiesWithHistory", List.of());
            BatchAnswer answer = read(call(op, Map.of("objectType", objectType)).json(write(body)).idempotent(true).build(), BatchAnswer.class);
            Map<String, HubSpotRecord> results = new LinkedHashMap<>();
            required(op, answer.results(), "results").forEach(r -> results.put(r.id(), r));
            Map<String, String> undone = new LinkedHashMap<>();
            for (String id : chunk) {
                if (results.containsKey(id)) {
                    byId.put(id, results.get(id));
                } else {
                    undone.put(id, id);
                }
            }
            BatchErrors.attribute(op.template(version), answer.errors(), undone, true, notFound, failed);
        }
        Map<String, HubSpotRecord> ordered = new LinkedHashMap<>();
        all.stream().filter(byId::containsKey).forEach(id -> ordered.put(id, byId.get(id)));
        return new BatchOutcome<>(ordered, notFound, failed);
    }

    /** One record with the properties asked for, or empty when HubSpot has no such record. */
    public Optional<HubSpotRecord> read(String objectType, String id, Collection<String> properties) {
        return readRecord(objectType, id, properties, List.of());
    }

    /** One record with the history of some properties (when each value was set). */
    public Optional<HubSpotRecord> readWithHistory(String objectType, String id, Collection<String> properties,
                                                   Collection<String> withHistory) {
        return readRecord(objectType, id, properties, withHistory);
    }

    private Optional<HubSpotRecord> readRecord(String objectType, String id, Collection<String> properties, Collection<String> withHistory) {
        HubSpotOperation op = HubSpotOperation.OBJECT_READ;
        ApiRequest.Builder request = call(op, Map.of("objectType", objectType, "objectId", id));
        if (!properties.isEmpty()) {
            request.query("properties", String.join(",", new LinkedHashSet<>(properties)));
        }
        if (!withHistory.isEmpty()) {
            request.query("propertiesWithHistory", String.join(",", new LinkedHashSet<>(withHistory)));
        }
        try {
            return Optional.of(read(request.build(), HubSpotRecord.class));
        } catch (HubSpotApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets properties of one record ("" clears a value); the answer carries the properties written. */
    public HubSpotRecord update(String objectType, String id, Map<String, String> properties) {
        HubSpotOperation op = HubSpotOperation.OBJECT_UPDATE;
        return portalRulesOf(objectType, () -> read(call(op, Map.of("objectType", objectType, "objectId", id))
                .json(write(Map.of("properties", properties))).build(), HubSpotRecord.class));
    }

    /** A write HubSpot refuses by a rule of the portal is announced ({@link HubSpotWriteRefused}) before it is thrown. */
    private <T> T portalRulesOf(String objectType, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (HubSpotApiException e) {
            announceRefusal(objectType, e);
            throw e;
        }
    }

    /** Announces the refusals of single records of a batch (a 207) that a portal rule made, as {@link #portalRulesOf} does. */
    private void announceRefusals(String objectType, Map<?, HubSpotApiException> failed) {
        failed.values().forEach(e -> announceRefusal(objectType, e));
    }

    private void announceRefusal(String objectType, HubSpotApiException e) {
        if (e.portalRule().isPresent() && events != null) {
            events.publishEvent(new HubSpotWriteRefused(tokens.portalId().orElse(null), objectType, e.problems()));
        }
    }

    @Override
    public void setApplicationEventPublisher(org.springframework.context.ApplicationEventPublisher publisher) {
        this.events = publisher;
    }

    /**
     * Sets properties of many records of one type, in batch updates of 100 (setting values: sent again safely after a
     * lost answer). {@code changes} maps record id to the properties to write. Per record: written (HubSpot's answer
     * lists it), or failed with HubSpot's error for it (a 207) — a record HubSpot did not report written is never taken
     * as written.
     */
    public BatchOutcome<String, HubSpotRecord> batchUpdate(String objectType, Map<String, Map<String, String>> changes) {
        HubSpotOperation op = HubSpotOperation.OBJECTS_BATCH_UPDATE;
        Map<String, HubSpotRecord> written = new LinkedHashMap<>();
        Map<String, HubSpotApiException> failed = new LinkedHashMap<>();
        for (List<Map.Entry<String, Map<String, String>>> chunk : chunks(new ArrayList<>(changes.entrySet()), op.batchLimit())) {
            Map<String, Object> body = Map.of("inputs", chunk.stream()
                    .map(e -> Map.of("id", e.getKey(), "properties", e.getValue())).toList());
            BatchAnswer answer = portalRulesOf(objectType, () -> read(call(op, Map.of("objectType", objectType)).json(write(body))
                    .idempotent(true).build(), BatchAnswer.class));
            Map<String, HubSpotRecord> results = new LinkedHashMap<>();
            required(op, answer.results(), "results").forEach(r -> results.put(r.id(), r));
            Map<String, String> undone = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, String>> e : chunk) {
                if (results.containsKey(e.getKey())) {
                    written.put(e.getKey(), results.get(e.getKey()));
                } else {
                    undone.put(e.getKey(), e.getKey());
                }
            }
            BatchErrors.attribute(op.template(version), answer.errors(), undone, false, new LinkedHashSet<>(), failed);
        }
        announceRefusals(objectType, failed);
        return new BatchOutcome<>(written, java.util.Set.of(), failed);
    }

    /** Whether the connected credential can read the object (one record at most is read); the scopes HubSpot asks for when not. */
    public ReadProbe probeRead(String objectType) {
        return probeRead(objectType, call(HubSpotOperation.OBJECTS_LIST, Map.of("objectType", objectType)));
    }

    /**
     * Whether a credential being connected can read the object (connection validation, before the credential is
     * saved), spending the budget of {@code account}, the portal it belongs to.
     */
    public ReadProbe probeRead(String objectType, String token, String account) {
        return probeRead(objectType, call(HubSpotOperation.OBJECTS_LIST, Map.of("objectType", objectType), token, account));
    }

    private ReadProbe probeRead(String objectType, ApiRequest.Builder list) {
        try {
            send(list.query("limit", 1).query("properties", HubSpotRecord.OBJECT_ID).build());
            return new ReadProbe(objectType, true, List.of(), null);
        } catch (HubSpotApiException e) {
            if (e.retryable()) {
                throw e;
            }
            String problem = e.isMissingScopes() ? "the HubSpot credential lacks the scopes " + String.join(", ", e.requiredScopes())
                    : e.getMessage();
            return new ReadProbe(objectType, false, e.requiredScopes(), problem);
        }
    }

    // ---- associations ----------------------------------------------------------------------------------------------------

    /**
     * The ids associated with each record, read with batch reads of up to 1,000 records; a record whose associations
     * continue on another page is read on with its cursor (HubSpot pages per input). Any record HubSpot failed to
     * answer for fails the call (never read as "no associations"): use {@link #associatedIdsOutcome} to act per record.
     */
    public Map<String, List<String>> associatedIds(String fromType, Collection<String> fromIds, String toType) {
        BatchOutcome<String, List<String>> outcome = associatedIdsOutcome(fromType, fromIds, toType);
        Map<String, List<String>> result = new LinkedHashMap<>(outcome.doneOrThrow());
        outcome.notFound().forEach(id -> result.put(id, List.of()));
        return result;
    }

    /**
     * As {@link #associatedIds}, per record: answered (in the ids' order), not found, or failed with HubSpot's error
     * for it. Results are matched to their inputs by {@code from.id}, never by position.
     */
    public BatchOutcome<String, List<String>> associatedIdsOutcome(String fromType, Collection<String> fromIds, String toType) {
        HubSpotOperation op = HubSpotOperation.ASSOCIATIONS_BATCH_READ;
        Map<String, List<String>> result = new LinkedHashMap<>();
        java.util.Set<String> notFound = new LinkedHashSet<>();
        Map<String, HubSpotApiException> failed = new LinkedHashMap<>();
        Map<String, String> pending = new LinkedHashMap<>();
        fromIds.forEach(id -> pending.put(id, null));
        while (!pending.isEmpty()) {
            List<Map.Entry<String, String>> inputs = new ArrayList<>(pending.entrySet());
            pending.clear();
            for (List<Map.Entry<String, String>> chunk : chunks(inputs, op.batchLimit())) {
                List<Map<String, String>> body = new ArrayList<>();
                for (Map.Entry<String, String> in : chunk) {
                    Map<String, String> input = new LinkedHashMap<>();
                    input.put("id", in.getKey());
                    if (in.getValue() != null) {
                        input.put("after", in.getValue());
                    }
                    body.add(input);
                }
                AssociationBatchAnswer answer = read(call(op, Map.of("fromObjectType", fromType, "toObjectType", toType))
                        .json(write(Map.of("inputs", body))).idempotent(true).build(), AssociationBatchAnswer.class);
                Map<String, String> undone = new LinkedHashMap<>();
                chunk.forEach(in -> undone.put(in.getKey(), in.getKey()));
                for (AssociationBatchAnswer.Result r : required(op, answer.results(), "results")) {
                    if (r.from() == null || r.from().id() == null) {
                        throw unexpected(op, "a result without its from.id", null);
                    }
                    if (undone.remove(r.from().id()) == null) {
                        continue; // not an input of this chunk
                    }
                    List<String> to = result.computeIfAbsent(r.from().id(), k -> new ArrayList<>());
                    if (r.to() != null) {
                        r.to().forEach(t -> to.add(t.toObjectId()));
                    }
                    String next = r.paging() == null || r.paging().next() == null ? null : r.paging().next().after();
                    if (next != null && !next.isBlank()) {
                        pending.put(r.from().id(), next);
                    }
                }
                BatchErrors.attribute(op.template(version), answer.errors(), undone, true, notFound, failed);
            }
        }
        // a record that failed on a later page is failed as a whole: part of its associations is no answer
        failed.keySet().forEach(result::remove);
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        fromIds.stream().filter(result::containsKey).forEach(id -> ordered.put(id, result.get(id)));
        return new BatchOutcome<>(ordered, notFound, failed);
    }

    /** The ids associated with one record, page by page (500 per page). */
    public List<String> associatedIds(String fromType, String fromId, String toType) {
        HubSpotOperation op = HubSpotOperation.ASSOCIATIONS_LIST;
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            ApiRequest.Builder request = call(op, Map.of("objectType", fromType, "objectId", fromId, "toObjectType", toType))
                    .query("limit", op.batchLimit()).query("after", after);
            AssociationPageAnswer page = read(request.build(), AssociationPageAnswer.class);
            required(op, page.results(), "results").forEach(r -> ids.add(r.toObjectId()));
            after = page.paging() == null || page.paging().next() == null ? null : page.paging().next().after();
        } while (after != null && !after.isBlank());
        return ids;
    }

    /** The unlabelled (HUBSPOT_DEFINED) association type from one object to another, read once. */
    public int defaultAssociationType(String fromType, String toType) {
        return defaultAssociationTypes.computeIfAbsent(fromType + "->" + toType, key -> {
            HubSpotOperation op = HubSpotOperation.ASSOCIATION_LABELS;
            LabelsAnswer labels = read(call(op, Map.of("fromObjectType", fromType, "toObjectType", toType)).build(), LabelsAnswer.class);
            List<LabelsAnswer.Label> all = required(op, labels.results(), "results");
            return all.stream().filter(l -> "HUBSPOT_DEFINED".equals(l.category()) && l.label() == null).findFirst()
                    .or(() -> all.stream().filter(l -> "HUBSPOT_DEFINED".equals(l.category())).findFirst())
                    .map(LabelsAnswer.Label::typeId)
                    .orElseThrow(() -> unexpected(op, "no HUBSPOT_DEFINED association type from " + fromType + " to " + toType, null));
        });
    }

    // ---- notes -----------------------------------------------------------------------------------------------------------

    /** The notes of a record, oldest first: its note associations, then the notes in batch reads of 100. */
    public List<Note> notesOf(String objectType, String recordId) {
        return readNotes(associatedIds(objectType, recordId, "notes"));
    }

    /** Notes by id (batch reads of 100), oldest first. */
    public List<Note> readNotes(Collection<String> noteIds) {
        List<Note> notes = new ArrayList<>(batchRead("notes", noteIds, Note.PROPERTIES).stream().map(Note::of).toList());
        notes.sort(Note::chronologically);
        return notes;
    }

    /**
     * A note on a record, associated with it in the create call itself, created once: after an ambiguous failure the
     * record's notes are looked through for the draft's marker before it is sent again.
     */
    public Note createNote(NoteDraft draft) {
        return createNote(draft, WriteAttempt.FIRST);
    }

    /** As {@link #createNote(NoteDraft)}; a RESUMED note is looked for before it is created. */
    public Note createNote(NoteDraft draft, WriteAttempt attempt) {
        HubSpotOperation op = HubSpotOperation.OBJECT_CREATE;
        return executor.writeOnce(op.name(), attempt,
                () -> Note.of(portalRulesOf("notes", () -> read(call(op, Map.of("objectType", "notes")).json(write(noteInput(draft))).build(),
                        HubSpotRecord.class))),
                () -> Optional.ofNullable(existingNotes(List.of(draft)).get(0)));
    }

    /**
     * Many notes in batch creates of 100, each once: after an ambiguous failure the chunk's notes already there (by
     * marker) are taken as created and only the others are sent again. HubSpot does not promise its results in the
     * inputs' order: each created note is matched to its draft by the draft's {@code objectWriteTraceId} or marker,
     * never by position. Per draft (keyed by its index): created, or failed with HubSpot's error for it (a 207).
     */
    public BatchOutcome<Integer, Note> createNotes(List<NoteDraft> drafts) {
        return createNotes(drafts, WriteAttempt.FIRST);
    }

    /** As {@link #createNotes(List)}; for RESUMED drafts the notes already there are found first and not created again. */
    public BatchOutcome<Integer, Note> createNotes(List<NoteDraft> drafts, WriteAttempt attempt) {
        Map<Integer, Note> created = new LinkedHashMap<>();
        Map<Integer, HubSpotApiException> failed = new LinkedHashMap<>();
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            todo.add(i);
        }
        if (attempt == WriteAttempt.RESUMED && !drafts.isEmpty()) {
            created.putAll(existingNotes(drafts));
            todo.removeAll(created.keySet());
        }
        HubSpotOperation op = HubSpotOperation.OBJECTS_BATCH_CREATE;
        for (List<Integer> chunk : chunks(todo, op.batchLimit())) {
            List<Integer> pending = new ArrayList<>(chunk);
            executor.writeOnce(op.name(), () -> {
                List<Map<String, Object>> inputs = new ArrayList<>();
                for (Integer index : pending) {
                    Map<String, Object> input = new LinkedHashMap<>(noteInput(drafts.get(index)));
                    input.put("objectWriteTraceId", traceId(drafts.get(index)));
                    inputs.add(input);
                }
                CreateAnswer answer = portalRulesOf("notes", () -> read(call(op, Map.of("objectType", "notes"))
                        .json(write(Map.of("inputs", inputs))).build(), CreateAnswer.class));
                List<CreateAnswer.Created> results = new ArrayList<>(required(op, answer.results(), "results"));
                Map<String, Integer> undone = new LinkedHashMap<>();
                for (Integer index : pending) {
                    NoteDraft draft = drafts.get(index);
                    String trace = traceId(draft);
                    Optional<CreateAnswer.Created> match = results.stream().filter(r -> trace.equals(r.objectWriteTraceId())).findFirst()
                            .or(() -> results.stream().filter(r -> r.body().contains(draft.marker())).findFirst());
                    if (match.isPresent()) {
                        results.remove(match.get());
                        created.put(index, Note.of(match.get().record()));
                    } else {
                        undone.put(trace, index);
                    }
                }
                BatchErrors.attribute(op.template(version), answer.errors(), undone, false, new LinkedHashSet<>(), failed);
                pending.clear();
                return Boolean.TRUE;
            }, () -> {
                Map<Integer, Note> found = existingNotes(pending.stream().map(drafts::get).toList());
                List<Integer> still = new ArrayList<>();
                for (int k = 0; k < pending.size(); k++) {
                    Note note = found.get(k);
                    if (note != null) {
                        created.put(pending.get(k), note);
                    } else {
                        still.add(pending.get(k));
                    }
                }
                pending.clear();
                pending.addAll(still);
                return pending.isEmpty() ? Optional.of(Boolean.TRUE) : Optional.empty();
            });
        }
        announceRefusals("notes", failed);
        Map<Integer, Note> ordered = new java.util.TreeMap<>(created);
        return new BatchOutcome<>(ordered, java.util.Set.of(), failed);
    }

    /** The {@code objectWriteTraceId} a draft is sent with: derived from its record and marker, so it names the draft. */
    static String traceId(NoteDraft draft) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((draft.objectType() + ":" + draft.recordId() + ":" + draft.marker()).getBytes(StandardCharsets.UTF_8));
            return "hubjira-" + java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The notes already written for these drafts, by the drafts' position: a note associated with the draft's record
     * whose body contains the draft's marker. Associations are read in batch per object type, the notes in batch reads.
     */
    public Map<Integer, Note> existingNotes(List<NoteDraft> drafts) {
        Map<String, List<String>> noteIdsByRecord = new LinkedHashMap<>();
        Map<String, List<String>> recordsByType = new LinkedHashMap<>();
        for (NoteDraft d : drafts) {
            recordsByType.computeIfAbsent(d.objectType(), k -> new ArrayList<>()).add(d.recordId());
        }
        recordsByType.forEach((type, ids) -> associatedIds(type, ids, "notes")
                .forEach((recordId, noteIds) -> noteIdsByRecord.put(type + ":" + recordId, noteIds)));
        Map<String, Note> notesById = new LinkedHashMap<>();
        readNotes(noteIdsByRecord.values().stream().flatMap(List::stream).distinct().toList()).forEach(n -> notesById.put(n.id(), n));
        Map<Integer, Note> found = new LinkedHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            NoteDraft d = drafts.get(i);
            for (String noteId : noteIdsByRecord.getOrDefault(d.objectType() + ":" + d.recordId(), List.of())) {
                Note n = notesById.get(noteId);
                if (n != null && n.body() != null && n.body().contains(d.marker())) {
                    found.put(i, n);
                    break;
                }
            }
        }
        return found;
    }

    public void updateNoteBody(String noteId, String html) {
        update("notes", noteId, Map.of(Note.BODY, html));
    }

    private Map<String, Object> noteInput(NoteDraft draft) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(Note.BODY, draft.html());
        properties.put(Note.TIMESTAMP, (draft.timestamp() == null ? Instant.now() : draft.timestamp()).toString());
        if (!draft.attachmentIds().isEmpty()) {
            properties.put(Note.ATTACHMENTS, String.join(";", draft.attachmentIds()));
        }
        Map<String, Object> association = Map.of("to", Map.of("id", draft.recordId()), "types", List.of(Map.of(
                "associationCategory", "HUBSPOT_DEFINED", "associationTypeId", defaultAssociationType("notes", draft.objectType()))));
        return Map.of("properties", properties, "associations", List.of(association));
    }

    // ---- owners ----------------------------------------------------------------------------------------------------------

    public Optional<Owner> owner(String ownerId) {
        HubSpotOperation op = HubSpotOperation.OWNER_READ;
        try {
            return Optional.of(read(call(op, Map.of("ownerId", ownerId)).build(), Owner.class));
        } catch (HubSpotApiException e) {
            if (e.status() == 404 || e.status() == 400) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The owner with this email address (HubSpot filters the list by email). */
    public Optional<Owner> ownerByEmail(String email) {
        HubSpotOperation op = HubSpotOperation.OWNERS_LIST;
        OwnersAnswer answer = read(call(op, Map.of()).query("email", email).query("limit", 10).build(), OwnersAnswer.class);
        return required(op, answer.results(), "results").stream().filter(o -> email.equalsIgnoreCase(o.email())).findFirst();
    }

    // ---- metadata --------------------------------------------------------------------------------------------------------

    public List<HubSpotProperty> properties(String objectType) {
        HubSpotOperation op = HubSpotOperation.PROPERTIES_LIST;
        return required(op, read(call(op, Map.of("objectType", objectType)).build(), PropertiesAnswer.class).results(), "results");
    }

    /** The object's pipelines; empty when the object has none (HubSpot answers 400/404 for objects without pipelines). */
    public List<Pipeline> pipelines(String objectType) {
        HubSpotOperation op = HubSpotOperation.PIPELINES_LIST;
        try {
            return required(op, read(call(op, Map.of("objectType", objectType)).build(), PipelinesAnswer.class).results(), "results");
        } catch (HubSpotApiException e) {
            if (e.status() == 404 || e.status() == 400) {
                return List.of();
            }
            throw e;
        }
    }

    /** The portal's custom object schemas. */
    public List<ObjectSchema> customObjectSchemas() {
        HubSpotOperation op = HubSpotOperation.SCHEMAS_LIST;
        return required(op, read(call(op, Map.of()).build(), SchemasAnswer.class).results(), "results");
    }

    // ---- files -----------------------------------------------------------------------------------------------------------

    /**
     * A short-lived download URL of a file, with its name and size: one call gives what a copy needs to decide (a
     * file over the size limit is never downloaded); {@link #download(SignedFile)} then fetches the bytes, outside the
     * API's rate limit.
     */
    public SignedFile signedFile(String fileId) {
        HubSpotOperation op = HubSpotOperation.FILE_SIGNED_URL;
        SignedUrl signed = read(call(op, Map.of("fileId", fileId)).build(), SignedUrl.class);
        if (signed.url() == null || signed.url().isBlank()) {
            throw unexpected(op, "no url", null);
        }
        return new SignedFile(new FileInfo(fileId, signed.name(), signed.extension(), signed.size(), null, null, signed.type()), signed.url());
    }

    /** A file's details and its download URL (valid for a short while). */
    public record SignedFile(FileInfo file, String url) {}

    public byte[] download(SignedFile file) {
        return download(file.url());
    }

    /**
     * Uploads a private file into a folder, once. {@code duplicateValidationStrategy RETURN_EXISTING} within the exact
     * folder makes a second upload of the same name answer the first file instead of a copy; after an ambiguous failure
     * the file is also looked for at its path before anything is sent again.
     */
    public FileInfo upload(String folderPath, String fileName, String mimeType, byte[] bytes) {
        return upload(folderPath, fileName, mimeType, bytes, WriteAttempt.FIRST);
    }

    /** As {@link #upload(String, String, String, byte[])}; a RESUMED upload is looked for at its path first. */
    public FileInfo upload(String folderPath, String fileName, String mimeType, byte[] bytes, WriteAttempt attempt) {
        HubSpotOperation op = HubSpotOperation.FILE_UPLOAD;
        return executor.writeOnce(op.name(), attempt, () -> {
            var multipart = MultipartEntityBuilder.create()
                    .addBinaryBody("file", bytes, ContentType.create(mimeType == null ? "application/octet-stream" : mimeType), fileName)
                    .addTextBody("fileName", fileName)
                    .addTextBody("folderPath", folderPath)
                    .addTextBody("options", write(Map.of("access", "PRIVATE", "overwrite", false,
                            "duplicateValidationStrategy", "RETURN_EXISTING", "duplicateValidationScope", "EXACT_FOLDER")), ContentType.APPLICATION_JSON)
                    .build();
            FileInfo file = read(call(op, Map.of()).entity(multipart).build(), FileInfo.class);
            if (file.id() == null) {
                throw unexpected(op, "no id", null);
            }
            return file;
        }, () -> fileAt(folderPath + "/" + fileName));
    }

    /** The file at this path in the file manager (files search by path), if there is one. */
    public Optional<FileInfo> fileAt(String path) {
        HubSpotOperation op = HubSpotOperation.FILES_SEARCH;
        FilesAnswer answer = read(call(op, Map.of()).query("path", path).query("limit", 10).build(), FilesAnswer.class);
        return required(op, answer.results(), "results").stream().filter(f -> f.id() != null).findFirst();
    }

    private byte[] download(String absoluteUrl) {
        URI uri = URI.create(absoluteUrl);
        ApiRequest.Builder b = ApiRequest.builder(ApiName.HUBSPOT, HubSpotOperation.FILE_DOWNLOAD.name(), "GET",
                        uri.getScheme() + "://" + uri.getRawAuthority(), uri.getRawPath())
                .endpoint("signed file URL").rateClass(ApiRequest.RateClass.NONE);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                b.query(name, value);
            }
        }
        return send(b.build()).body();
    }

    // ---- plumbing --------------------------------------------------------------------------------------------------------

    private ApiRequest.Builder call(HubSpotOperation op, Map<String, String> variables) {
        return call(op, variables, tokens.accessToken(), tokens.account());
    }

    /** A call with {@code token}, spending the budget of {@code account} (the portal the token belongs to). */
    private ApiRequest.Builder call(HubSpotOperation op, Map<String, String> variables, String token, String account) {
        return calls.request(op, variables, account).header("Authorization", "Bearer " + token);
    }

    private ApiResponse send(ApiRequest request) {
        return calls.send(request);
    }

    private <T> T read(ApiRequest request, Class<T> type) {
        return calls.read(request, type);
    }

    private UnexpectedAnswerException unexpected(HubSpotOperation op, String problem, Throwable cause) {
        return calls.unexpected(op, problem, cause);
    }

    private <T> List<T> required(HubSpotOperation op, List<T> list, String field) {
        if (list == null) {
            throw unexpected(op, "no " + field, null);
        }
        return list.stream().filter(Objects::nonNull).toList();
    }

    private String write(Object body) {
        return calls.write(body);
    }

    private static Map<String, Object> filter(RecordSearch.Filter f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("propertyName", f.propertyName());
        m.put("operator", f.operator());
        if (f.value() != null) {
            m.put("value", f.value());
        }
        if (f.highValue() != null) {
            m.put("highValue", f.highValue());
        }
        if (f.values() != null) {
            m.put("values", f.values());
        }
        return m;
    }

    static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return chunks;
    }

    // ---- HubSpot's answer shapes (only the fields the connector reads) -----------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Paging(Next next) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Next(String after) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchAnswer(Long total, List<HubSpotRecord> results, Paging paging) {
        String nextCursor() {
            return paging == null || paging.next() == null ? null : paging.next().after();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchAnswer(String status, List<HubSpotRecord> results, Integer numErrors, List<BatchErrors.Entry> errors) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateAnswer(List<Created> results, List<BatchErrors.Entry> errors) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Created(String id, Map<String, String> properties, String objectWriteTraceId, Instant createdAt, Instant updatedAt) {
            HubSpotRecord record() {
                return new HubSpotRecord(id, properties, null, createdAt, updatedAt, false);
            }

            String body() {
                return properties == null || properties.get(Note.BODY) == null ? "" : properties.get(Note.BODY);
            }
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FilesAnswer(List<FileInfo> results, Paging paging) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AssociationBatchAnswer(List<Result> results, List<BatchErrors.Entry> errors) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Result(From from, List<To> to, Paging paging) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record From(String id) {}

        @JsonIgnoreProperties(ignoreUnknown = true)
        record To(String toObjectId) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AssociationPageAnswer(List<AssociationBatchAnswer.To> results, Paging paging) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LabelsAnswer(List<Label> results) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Label(String category, Integer typeId, String label) {}
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OwnersAnswer(List<Owner> results, Paging paging) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PropertiesAnswer(List<HubSpotProperty> results) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PipelinesAnswer(List<Pipeline> results) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemasAnswer(List<ObjectSchema> results) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SignedUrl(String url, Instant expiresAt, String name, String extension, Long size, String type) {}
}
