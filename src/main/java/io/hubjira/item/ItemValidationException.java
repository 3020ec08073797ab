package io.hubjira.item;

import java.util.List;
import java.util.stream.Collectors;

/** A Smart Connected Item that cannot be saved: every problem names the item, the field and the reason. */
public class ItemValidationException extends RuntimeException {

    public record Violation(String field, String reason) {}

    private final String itemName;
    private final List<Violation> violations;

    public ItemValidationException(String itemName, List<Violation> violations) {
        super("Smart Connected Item '" + itemName + "' is invalid: " + violations.stream()
                .map(v -> v.field() + ": " + v.reason()).collect(Collectors.joining("; ")));
        this.itemName = itemName;
        this.violations = List.copyOf(violations);
    }

    public String itemName() {
        return itemName;
    }

    public List<Violation> violations() {
        return violations;
    }
}
