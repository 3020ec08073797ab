package io.hubjira.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The curated HubSpot object catalog, exactly as the product guide lists it (module / object group → objects).
 * Custom objects are not here: they are discovered live from the schemas API.
 */
public final class HubSpotObjectCatalog {

    public enum Module {
        CRM("HubSpot CRM"),
        ACTIVITIES("HubSpot Activities"),
        COMMERCE("HubSpot Commerce"),
        OPERATIONS("HubSpot Operations"),
        MARKETING("HubSpot Marketing"),
        CUSTOM("Custom objects");

        private final String label;

        Module(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param name                   the object type as the CRM APIs spell it in paths
     * @param primaryDisplayProperty the property searched by name/title and shown as the record's title
     */
    public record CuratedObject(Module module, String name, String label, String objectTypeId, String primaryDisplayProperty) {}

    private static final List<CuratedObject> OBJECTS = List.of(
            new CuratedObject(Module.CRM, "contacts", "Contacts", "0-1", "email"),
            new CuratedObject(Module.CRM, "companies", "Companies", "0-2", "name"),
            new CuratedObject(Module.CRM, "deals", "Deals", "0-3", "dealname"),
            new CuratedObject(Module.CRM, "tickets", "Tickets", "0-5", "subject"),
            new CuratedObject(Module.CRM, "products", "Products", "0-7", "name"),
            new CuratedObject(Module.CRM, "line_items", "Line Items", "0-8", "name"),
            new CuratedObject(Module.CRM, "quotes", "Quotes", "0-14", "hs_title"),
            new CuratedObject(Module.CRM, "leads", "Leads", "0-136", "hs_lead_name"),
            new CuratedObject(Module.ACTIVITIES, "notes", "Notes", "0-46", "hs_note_body"),
            new CuratedObject(Module.ACTIVITIES, "meetings", "Meetings", "0-47", "hs_meeting_title"),
            new CuratedObject(Module.ACTIVITIES, "calls", "Calls", "0-48", "hs_call_title"),
            new CuratedObject(Module.ACTIVITIES, "emails", "Emails", "0-49", "hs_email_subject"),
            new CuratedObject(Module.ACTIVITIES, "tasks", "Tasks", "0-27", "hs_task_subject"),
            new CuratedObject(Module.ACTIVITIES, "appointments", "Appointments", "0-421", "hs_appointment_name"),
            new CuratedObject(Module.COMMERCE, "invoices", "Invoices", "0-53", "hs_number"),
            new CuratedObject(Module.COMMERCE, "orders", "Orders", "0-123", "hs_order_name"),
            new CuratedObject(Module.COMMERCE, "payments", "Payments", "0-101", "hs_reference_number"),
            new CuratedObject(Module.COMMERCE, "subscriptions", "Subscriptions", "0-69", "hs_name"),
            new CuratedObject(Module.OPERATIONS, "projects", "Projects", "0-970", "hs_name"),
            new CuratedObject(Module.OPERATIONS, "services", "Services", "0-162", "hs_name"),
            new CuratedObject(Module.OPERATIONS, "listings", "Listings", "0-420", "hs_name"),
            new CuratedObject(Module.MARKETING, "marketing_events", "Marketing Events", "0-54", "hs_event_name"));

    private HubSpotObjectCatalog() {}

    public static List<CuratedObject> objects() {
        return OBJECTS;
    }

    /** The record's page in HubSpot's UI (the one way the connector builds it): uiDomain defaults to app.hubspot.com. */
    public static String recordUrl(String uiDomain, long portalId, String objectType, String recordId) {
        String domain = uiDomain == null || uiDomain.isBlank() ? "app.hubspot.com" : uiDomain;
        String typeId = find(objectType).map(CuratedObject::objectTypeId).orElse(objectType);
        return "https://" + domain + "/contacts/" + portalId + "/record/" + typeId + "/" + recordId;
    }

    /** By API name ("deals") or object type id ("0-3"). */
    public static Optional<CuratedObject> find(String nameOrTypeId) {
        return OBJECTS.stream().filter(o -> o.name().equals(nameOrTypeId) || o.objectTypeId().equals(nameOrTypeId)).findFirst();
    }

    public static Optional<Module> module(String name) {
        return Arrays.stream(Module.values()).filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }
}
