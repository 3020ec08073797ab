package io.hubjira.sandbox.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Changes;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Indexed;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Owner;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Pipeline;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.PropertyDef;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Rec;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.StoredFile;

/**
 * One HubSpot account (portal) of the simulator: its CRM records of every type, property definitions, pipelines,
 * owners, v4 associations, notes and files, its search index lag, its validation rules and its own id counter. Every
 * portal's counter starts at the same value, so record ids of two portals collide, as they may in HubSpot: an id means
 * nothing outside its portal. Region {@code na1} or {@code eu1} decides what account details tell of it.
 * Thread-safe; tests drive it directly (change records "as a user", inspect what the connector wrote).
 */
public final class SimulatedPortal {

    /** Where every portal's record ids start (HubSpot's ids are per account: the same id may name records of two portals). */
    static final long FIRST_ID = 1000;

    private final long portalId;
    private final String dataHostingLocation;
    final Map<String, Map<String, Rec>> records = new ConcurrentHashMap<>();
    final Map<String, List<PropertyDef>> properties = new ConcurrentHashMap<>();
    final Map<String, List<Pipeline>> pipelines = new ConcurrentHashMap<>();
    final List<Owner> owners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** "type:id" → toType → toId → association type ids */
    final Map<String, Map<String, Map<String, Set<Integer>>>> associations = new ConcurrentHashMap<>();
    final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(FIRST_ID);
    private final AtomicLong lastTimestamp = new AtomicLong();
    private final PortalValidationRules rules = new PortalValidationRules();

    SimulatedPortal(long portalId, String dataHostingLocation) {
        this.portalId = portalId;
        this.dataHostingLocation = dataHostingLocation;
        reset();
    }

    public long portalId() {
        return portalId;
    }

    /** Where the account's data is hosted: {@code na1} or {@code eu1} (account details' {@code dataHostingLocation}). */
    public String dataHostingLocation() {
        return dataHostingLocation;
    }

    /** The host of the account's HubSpot app, where its record pages are (account details' {@code uiDomain}). */
    public String uiDomain() {
        return "na1".equals(dataHostingLocation) ? "app.hubspot.com" : "app-" + dataHostingLocation + ".hubspot.com";
    }

    public boolean eu() {
        return dataHostingLocation.startsWith("eu");
    }

    /** The portal's validation rules, enforced on writes through the 2026-09 paths. */
    public PortalValidationRules rules() {
        return rules;
    }

    /** Back to the demo data: demo records, owners, pipelines; no lag, no rules; ids from the start again. */
    public synchronized void reset() {
        searchLagMillis = 0;
        searchLagByRecord.clear();
        records.clear();
        properties.clear();
        pipelines.clear();
        owners.clear();
        associations.clear();
        files.clear();
        rules.reset();
        ids.set(FIRST_ID);
        HubSpotDemoData.seed(this);
    }

    /** Canonical type name for a path segment: plural name, object type id, or the custom object's (qualified) name. */
    public Optional<String> type(String segment) {
        if (HubSpotSandbox.ALL_TYPES.contains(segment)) {
            return Optional.of(segment);
        }
        if (segment.equals(HubSpotSandbox.CUSTOM_NAME) || segment.equals(customObjectFullName())) {
            return Optional.of(HubSpotSandbox.CUSTOM_TYPE_ID);
        }
        return HubSpotObjectCatalog.find(segment).map(HubSpotObjectCatalog.CuratedObject::name);
    }

    /** The custom object's fully qualified name, which carries the portal id. */
    String customObjectFullName() {
        return "p" + portalId + "_" + HubSpotSandbox.CUSTOM_NAME;
    }

    // ---- records ------------------------------------------------------------------------------------------------

    private volatile long searchLagMillis;
    private final Map<String, Long> searchLagByRecord = new ConcurrentHashMap<>();

    /**
     * HubSpot's CRM search is eventually consistent ("newly created or updated objects may take a few moments to
     * appear"): a record created or changed shows up in search — and is matched by its filters — with its new values
     * only this long after the write; until then search sees it as it was. Reads by id are always current. 0 by default.
     */
    public synchronized void setSearchLagMillis(long millis) {
        searchLagMillis = Math.max(0, millis);
        if (searchLagMillis > 0) {
            records.values().forEach(byId -> byId.values().forEach(this::baseline));
        }
    }

    /** A lag of its own for one record's writes (search indexes records out of order: a later write may show first). */
    public synchronized void setSearchLagMillis(String type, String id, long millis) {
        searchLagByRecord.put(type + ":" + id, Math.max(0, millis));
        recordsOf(type).values().stream().filter(r -> r.id.equals(id)).forEach(this::baseline);
    }

    private void baseline(Rec r) {
        synchronized (r) {
            if (r.indexed.isEmpty()) {
                r.indexed.add(new Indexed(Instant.EPOCH, searchCopy(r)));
            }
        }
    }

    /** The record was created or changed: search sees this version once its lag has passed. */
    private void indexed(Rec r) {
        long lag = searchLagByRecord.getOrDefault(r.type + ":" + r.id, searchLagMillis);
        synchronized (r) {
            if (lag == 0 && r.indexed.isEmpty()) {
                return;
            }
            r.indexed.add(new Indexed(Instant.now().plusMillis(lag), searchCopy(r)));
        }
    }

    /** The record as search sees it now, or empty while no version of it is visible yet. */
    Optional<Rec> searchView(Rec r) {
        synchronized (r) {
            if (r.indexed.isEmpty()) {
                return Optional.of(r);
            }
            Instant now = Instant.now();
            Rec newest = null;
            // the newest write already visible; writes are kept in the order they happened
            for (Indexed v : r.indexed) {
                if (!v.visibleAt().isAfter(now)) {
                    newest = v.view();
                }
            }
            if (newest != null) {
                newest.archived = r.archived; // archived records leave search at once
            }
            return Optional.ofNullable(newest);
        }
    }

    private static Rec searchCopy(Rec live) {
        Rec copy = new Rec(live.id, live.type);
        copy.properties.putAll(live.properties);
        copy.createdAt = live.createdAt;
        copy.updatedAt = live.updatedAt;
        copy.archived = live.archived;
        return copy;
    }

    Instant tick() {
        long now = System.currentTimeMillis();
        return Instant.ofEpochMilli(lastTimestamp.updateAndGet(last -> Math.max(now, last + 1)));
    }

    public Map<String, Rec> recordsOf(String type) {
        return records.computeIfAbsent(type, k -> new ConcurrentHashMap<>());
    }

    public Optional<Rec> record(String type, String id) {
        return Optional.ofNullable(recordsOf(type).get(id)).filter(r -> !r.archived);
    }

    private volatile Changes changes;

    /** Who is told of this portal's changes (the app webhooks). */
    void onChanges(Changes listener) {
        this.changes = listener;
    }

    /** Creates a record as a HubSpot user would (also used by tests to add data). */
    public synchronized Rec create(String type, Map<String, String> values) {
        return createAt(type, values, tick());
    }

    public synchronized Rec createAt(String type, Map<String, String> values, Instant at) {
        String id = String.valueOf(ids.incrementAndGet());
        Rec r = new Rec(id, type);
        r.createdAt = at;
        r.updatedAt = at;
        r.properties.put("hs_object_id", id);
        r.properties.put("createdate", at.toString());
        r.properties.put("hs_lastmodifieddate", at.toString());
        values.forEach((k, v) -> setProperty(r, k, v, at));
        if (type.equals("deals")) {
            r.properties.putIfAbsent("pipeline", "default");
        }
        if (type.equals("tickets")) {
            r.properties.putIfAbsent("hs_pipeline", "0");
        }
        recordsOf(type).put(id, r);
        indexed(r);
        Changes listener = changes;
        if (listener != null) {
            listener.created(type, id);
        }
        return r;
    }

    /** Changes properties as a HubSpot user would; the modification time moves. */
    public synchronized Rec update(String type, String id, Map<String, String> values) {
        return updateAt(type, id, values, tick());
    }

    public synchronized Rec updateAt(String type, String id, Map<String, String> values, Instant at) {
        Rec r = record(type, id).orElseThrow(() -> HubSpotError.notFound("Object not found.  objectId are usually numeric."));
        values.forEach((k, v) -> setProperty(r, k, v, at));
        r.updatedAt = at;
        r.properties.put("hs_lastmodifieddate", at.toString());
        indexed(r);
        Changes listener = changes;
        if (listener != null && !values.isEmpty()) {
            listener.changed(type, id, Map.copyOf(values));
        }
        return r;
    }

    private static void setProperty(Rec r, String name, String value, Instant at) {
        String v = value == null ? "" : value;
        r.properties.put(name, v);
        r.history.computeIfAbsent(name, k -> new ArrayList<>()).add(0, Map.entry(v, at));
    }

    public synchronized void archive(String type, String id) {
        Rec r = record(type, id).orElseThrow(() -> HubSpotError.notFound("Object not found"));
        r.archived = true;
        Changes listener = changes;
        if (listener != null) {
            listener.deleted(type, id);
        }
    }

    /** Creates N records sharing one modification time (the 10,000-result-cap scenarios). */
    public synchronized List<String> bulkCreate(String type, int count, Instant sharedTimestamp, Map<String, String> values) {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> v = new LinkedHashMap<>(values);
            String n = String.valueOf(i + 1);
            v.replaceAll((k, val) -> val.replace("{n}", n));
            created.add(createAt(type, v, sharedTimestamp).id);
        }
        return created;
    }

    // ---- associations -------------------------------------------------------------------------------------------

    public synchronized void associate(String fromType, String fromId, String toType, String toId, int typeId) {
        associations.computeIfAbsent(fromType + ":" + fromId, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(toType, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(toId, k -> new LinkedHashSet<>()).add(typeId);
        associations.computeIfAbsent(toType + ":" + toId, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(fromType, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(fromId, k -> new LinkedHashSet<>()).add(AssociationTypes.reverse(fromType, toType, typeId));
        // A note logged on a record does not touch the record here: whether HubSpot moves the record's modification time
        // is not documented (and editing a note's body surely does not), so the connector must find notes on their own.
    }

    public Map<String, Set<Integer>> associated(String fromType, String fromId, String toType) {
        Map<String, Set<Integer>> found = associations.getOrDefault(fromType + ":" + fromId, Map.of()).getOrDefault(toType, Map.of());
        Map<String, Set<Integer>> live = new TreeMap<>((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        found.forEach((id, types) -> {
            if (record(toType, id).isPresent()) {
                live.put(id, types);
            }
        });
        return live;
    }

    // ---- notes and files ------------------------------------------------------------------------------------------

    /** The notes associated with a record (test helper). */
    public List<Rec> notesOf(String type, String id) {
        List<Rec> notes = new ArrayList<>();
        for (String noteId : associated(type, id, "notes").keySet()) {
            record("notes", noteId).ifPresent(notes::add);
        }
        return notes;
    }

    /** Adds a note to a record as a HubSpot user would, optionally with files. */
    public synchronized Rec addNote(String type, String id, String htmlBody, String ownerId, List<String> fileIds) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("hs_note_body", htmlBody);
        values.put("hs_timestamp", tick().toString());
        if (ownerId != null) {
            values.put("hubspot_owner_id", ownerId);
        }
        if (fileIds != null && !fileIds.isEmpty()) {
            values.put("hs_attachment_ids", String.join(";", fileIds));
        }
        Rec note = create("notes", values);
        associate("notes", note.id, type, id, AssociationTypes.typeId("notes", type));
        return note;
    }

    public synchronized StoredFile storeFile(String name, byte[] bytes, String access, String folderPath) {
        String id = String.valueOf(ids.incrementAndGet() + 100_000_000L);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot + 1) : "";
        StoredFile f = new StoredFile(id, base, extension, bytes.clone(), access == null ? "PRIVATE" : access, tick(), folderPath);
        files.put(id, f);
        return f;
    }

    public Optional<StoredFile> file(String id) {
        return Optional.ofNullable(files.get(id));
    }

    public Collection<StoredFile> allFiles() {
        return files.values();
    }

    // ---- metadata -----------------------------------------------------------------------------------------------

    public List<PropertyDef> propertiesOf(String type) {
        return properties.computeIfAbsent(type, HubSpotDemoData::defaultProperties);
    }

    public Optional<PropertyDef> property(String type, String name) {
        return propertiesOf(type).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** An admin adds a property to the object (until the next reset). */
    public synchronized void addProperty(String type, PropertyDef property) {
        List<PropertyDef> now = new ArrayList<>(propertiesOf(type));
        now.add(property);
        properties.put(type, now);
    }

    public List<Pipeline> pipelinesOf(String type) {
        return pipelines.getOrDefault(type, List.of());
    }

    /** Another owner of the portal (a sales rep without a Jira account, say). */
    public synchronized void addOwner(Owner owner) {
        owners.add(owner);
    }

    public List<Owner> owners() {
        return owners;
    }

}
