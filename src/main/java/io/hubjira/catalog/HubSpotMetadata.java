package io.hubjira.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hubjira.catalog.HubSpotObjectCatalog.CuratedObject;
import io.hubjira.catalog.HubSpotObjectCatalog.Module;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotProperty;
import io.hubjira.hubspot.ObjectSchema;
import io.hubjira.hubspot.Pipeline;
import io.hubjira.hubspot.ReadProbe;
import org.springframework.stereotype.Service;

/**
 * Live HubSpot metadata for configuring items: the object catalog (curated objects plus custom objects from the
 * schemas API, each marked readable or not with the scopes HubSpot asks for), properties, the status-like field
 * with its pipelines and stages. Cached with a short TTL; {@link #refresh()} drops the cache.
 */
@Service
public class HubSpotMetadata {

    public record ObjectInfo(String module, String moduleLabel, String name, String label, String objectTypeId,
                             String primaryDisplayProperty, boolean custom, boolean readable, List<String> missingScopes,
                             String problem) {}

    public record OptionInfo(String label, String value, int displayOrder) {}

    public record PropertyInfo(String name, String label, String type, String fieldType, List<OptionInfo> options,
                               boolean readOnly, String referencedObjectType) {
        public boolean hasOption(String value) {
            return options.stream().anyMatch(o -> o.value().equals(value));
        }
    }

    public record StageInfo(String id, String label, int displayOrder, Map<String, String> metadata) {}

    public record PipelineInfo(String id, String label, int displayOrder, List<StageInfo> stages) {}

    /** The status-like property pair of an object (e.g. pipeline + dealstage) and its pipelines. */
    public record StatusField(String pipelineProperty, String stageProperty, List<PipelineInfo> pipelines) {
        public Optional<StageInfo> stage(String stageId) {
            return pipelines.stream().flatMap(p -> p.stages().stream()).filter(s -> s.id().equals(stageId)).findFirst();
        }
    }

    private final HubSpotClient hubspot;
    // one cache per kind: a loader may read another kind (status field -> properties) without recursive updates
    private final Cache<String, List<ObjectInfo>> catalogCache;
    private final Cache<String, List<PropertyInfo>> propertiesCache;
    private final Cache<String, Optional<StatusField>> statusCache;
    private final Cache<String, List<ObjectSchema>> schemasCache;

    public HubSpotMetadata(HubSpotClient hubspot, ConnectorProperties props) {
        this.hubspot = hubspot;
        Duration ttl = props.metadata().cacheTtl();
        this.catalogCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1).build();
        this.propertiesCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
        this.statusCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
        this.schemasCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1).build();
    }

    /** A new (or no) credential: metadata read with the earlier one no longer holds. */
    @org.springframework.context.event.EventListener
    public void connectionChanged(io.hubjira.hubspot.HubSpotCredentialsChanged changed) {
        refresh();
    }

    public void refresh() {
        catalogCache.invalidateAll();
        propertiesCache.invalidateAll();
        statusCache.invalidateAll();
        schemasCache.invalidateAll();
    }

    public List<ObjectInfo> catalog() {
        return catalogCache.get("catalog", k -> loadCatalog());
    }

    public Optional<ObjectInfo> object(String nameOrTypeId) {
        return catalog().stream()
                .filter(o -> o.name().equals(nameOrTypeId) || o.objectTypeId().equals(nameOrTypeId))
                .findFirst();
    }

    public List<PropertyInfo> properties(String objectType) {
        return propertiesCache.get(objectType, this::loadProperties);
    }

    public Optional<PropertyInfo> property(String objectType, String name) {
        return properties(objectType).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<StatusField> statusField(String objectType) {
        return statusCache.get(objectType, this::loadStatusField);
    }

    /** An object's (plural) label, as for {@link #primaryDisplayProperty}: never at the cost of the catalog's probes. */
    public String label(String objectType) {
        Optional<String> standard = HubSpotObjectCatalog.find(objectType).map(CuratedObject::label);
        if (standard.isPresent()) {
            return standard.get();
        }
        try {
            return schema(objectType).map(ObjectSchema::pluralLabel).orElse(objectType);
        } catch (HubSpotApiException e) {
            return objectType;
        }
    }

    /**
     * The property that names a record. A standard object's is HubSpot's own and known without a call; a custom
     * object's comes from its schema (one cached read of the schemas, never the whole catalog's probes, which the sync
     * path would otherwise pay again on every instance whenever the cache expires).
     */
    public String primaryDisplayProperty(String objectType) {
        Optional<String> standard = HubSpotObjectCatalog.find(objectType).map(CuratedObject::primaryDisplayProperty);
        if (standard.isPresent()) {
            return standard.get();
        }
        try {
            return schema(objectType).map(ObjectSchema::primaryDisplayProperty).filter(p -> p != null && !p.isBlank()).orElse("hs_object_id");
        } catch (HubSpotApiException e) {
            return "hs_object_id";
        }
    }

    private Optional<ObjectSchema> schema(String objectType) {
        return schemas().stream().filter(s -> objectType.equals(s.objectTypeId()) || objectType.equals(s.name())).findFirst();
    }

    private List<ObjectSchema> schemas() {
        return schemasCache.get("schemas", k -> List.copyOf(hubspot.customObjectSchemas()));
    }

    // ---- loading ----------------------------------------------------------------------------------------------

    private List<ObjectInfo> loadCatalog() {
        List<ObjectInfo> objects = new ArrayList<>();
        for (CuratedObject o : HubSpotObjectCatalog.objects()) {
            objects.add(probe(o.module(), o.name(), o.label(), o.objectTypeId(), o.primaryDisplayProperty(), false));
        }
        try {
            for (ObjectSchema schema : schemas()) {
                if (schema.archived() || schema.objectTypeId() == null) {
                    continue;
                }
                objects.add(probe(Module.CUSTOM, schema.objectTypeId(), schema.pluralLabel(), schema.objectTypeId(),
                        schema.primaryDisplayProperty() == null ? "hs_object_id" : schema.primaryDisplayProperty(), true));
            }
        } catch (HubSpotApiException e) {
            objects.add(new ObjectInfo(Module.CUSTOM.name(), Module.CUSTOM.label(), "*", "Custom objects", "", "", true,
                    false, e.requiredScopes(), "Custom object schemas cannot be read: " + reason(e)));
        }
        return List.copyOf(objects);
    }

    private ObjectInfo probe(Module module, String name, String label, String typeId, String display, boolean custom) {
        ReadProbe probe = hubspot.probeRead(name);
        return new ObjectInfo(module.name(), module.label(), name, label, typeId, display, custom, probe.readable(),
                probe.missingScopes(), probe.problem());
    }

    private static String reason(HubSpotApiException e) {
        if (e.isMissingScopes()) {
            return "the HubSpot credential lacks the scopes " + String.join(", ", e.requiredScopes());
        }
        return e.getMessage();
    }

    private List<PropertyInfo> loadProperties(String objectType) {
        List<PropertyInfo> properties = new ArrayList<>();
        for (HubSpotProperty p : hubspot.properties(objectType)) {
            if (p.archived() || p.name() == null) {
                continue;
            }
            List<OptionInfo> options = p.options().stream().map(o -> new OptionInfo(o.label(), o.value(), o.displayOrder())).toList();
            properties.add(new PropertyInfo(p.name(), p.label(), p.type(), p.fieldType(), options, p.readOnly(), p.referencedObjectType()));
        }
        return List.copyOf(properties);
    }

    private Optional<StatusField> loadStatusField(String objectType) {
        List<PropertyInfo> properties = properties(objectType);
        String stageProperty = null;
        String pipelineProperty = null;
        if (properties.stream().anyMatch(p -> p.name().equals("dealstage"))) {
            stageProperty = "dealstage";
            pipelineProperty = "pipeline";
        } else if (properties.stream().anyMatch(p -> p.name().equals("hs_pipeline_stage"))) {
            stageProperty = "hs_pipeline_stage";
            pipelineProperty = "hs_pipeline";
        }
        if (stageProperty == null) {
            return Optional.empty();
        }
        List<PipelineInfo> pipelines = new ArrayList<>();
        for (Pipeline p : hubspot.pipelines(objectType)) {
            if (p.archived()) {
                continue;
            }
            List<StageInfo> stages = p.stages().stream().filter(st -> !st.archived())
                    .map(st -> new StageInfo(st.id(), st.label(), st.displayOrder(), st.metadata()))
                    .sorted(Comparator.comparingInt(StageInfo::displayOrder)).toList();
            pipelines.add(new PipelineInfo(p.id(), p.label(), p.displayOrder(), stages));
        }
        pipelines.sort(Comparator.comparingInt(PipelineInfo::displayOrder));
        return pipelines.isEmpty() ? Optional.empty() : Optional.of(new StatusField(pipelineProperty, stageProperty, List.copyOf(pipelines)));
    }
}
