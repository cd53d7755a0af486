package io.trustlake.contracts.rules;

/** To whom a rule applies: a professional, a department, or a whole organisation. */
public record Grantee(Type type, String id) {
    public enum Type {
        PROFESSIONAL,
        DEPARTMENT,
        ORGANISATION;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Type parse(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
