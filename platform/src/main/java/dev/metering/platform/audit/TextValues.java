package dev.metering.platform.audit;

/**
 * What text the services accept: no NUL, no other C0/C1 control characters than tab, line feed and
 * carriage return, no unpaired UTF-16 surrogates. PostgreSQL refuses NUL in text and jsonb, and an
 * unpaired surrogate has no UTF-8 form, so such values must be refused at the door (400), never reach
 * the database (where they used to end as 500).
 */
public final class TextValues {

    private TextValues() {
    }

    public static boolean isClean(String s) {
        return s == null || clean(s, true);
    }

    /**
     * Stricter, for ids and other one-line values: no control character at all (not even tab or a line
     * break) and no unpaired surrogate; null is clean.
     */
    public static boolean isCleanLine(String s) {
        return s == null || clean(s, false);
    }

    private static boolean clean(String s, boolean whitespaceControls) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                if (!whitespaceControls || (c != '\t' && c != '\n' && c != '\r')) {
                    return false;
                }
            } else if (c >= 0x7f && c <= 0x9f) {
                return false;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
