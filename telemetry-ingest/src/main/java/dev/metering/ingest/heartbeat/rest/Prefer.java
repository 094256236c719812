package dev.metering.ingest.heartbeat.rest;

import java.util.List;
import java.util.Locale;

/**
 * The one preference of RFC 7240 ({@code Prefer} request header) ingest honours: {@code return}, either
 * {@code minimal} (an answer whose {@code results} list only the rejected items) or {@code representation} (one
 * result per item, also for a large batch, which is otherwise answered compactly). Preference names and the value are
 * matched ignoring case; a quoted value, parameters after {@code ;} and other preferences are allowed.
 * Unknown preferences are ignored, as the RFC requires.
 */
public final class Prefer {

    public static final String HEADER = "Prefer";
    public static final String APPLIED_HEADER = "Preference-Applied";
    public static final String RETURN_MINIMAL = "return=minimal";

    /** What the client asked of the answer's {@code results}. */
    public enum Return {
        /** {@code return=minimal}: only the rejected items. */
        MINIMAL,
        /** {@code return=representation}: one result per item. */
        REPRESENTATION,
        /** no (or another) {@code return} preference: the service decides by the batch's size. */
        UNSPECIFIED
    }

    private Prefer() {
    }

    /** Whether any of the {@code Prefer} header values asks for {@code return=minimal}. */
    public static boolean returnMinimal(List<String> headerValues) {
        return returnPreference(headerValues) == Return.MINIMAL;
    }

    /** The first {@code return} preference of the {@code Prefer} header values. */
    public static Return returnPreference(List<String> headerValues) {
        if (headerValues == null) {
            return Return.UNSPECIFIED;
        }
        for (String header : headerValues) {
            if (header == null) {
                continue;
            }
            for (String preference : header.split(",")) {
                int semicolon = preference.indexOf(';');
                String head = semicolon < 0 ? preference : preference.substring(0, semicolon);
                int eq = head.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = head.substring(0, eq).trim();
                String value = head.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (name.equalsIgnoreCase("return")) {
                    // the first "return" preference decides (RFC 7240 3.1: later duplicates are ignored)
                    String v = value.toLowerCase(Locale.ROOT);
                    return v.equals("minimal") ? Return.MINIMAL
                            : v.equals("representation") ? Return.REPRESENTATION : Return.UNSPECIFIED;
                }
            }
        }
        return Return.UNSPECIFIED;
    }
}
