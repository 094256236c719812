package dev.metering.portal.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps an ID token's claims to who signs in: partner, distributor or operator, and which partner or
 * distributor. The claim names and role values are configuration, because every OIDC provider names them its
 * own way (Keycloak nests roles under {@code realm_access.roles}, Entra ID uses {@code roles}, ...). Pure logic.
 */
public final class SignInClaims {

    /** The configured names: the roles claim (dots walk nested objects), the id claims, the three role values. */
    public record Names(String roles, String partner, String distributor, String partnerRole, String distributorRole,
            String operatorRole) {
    }

    /** Who signed in; {@code id} is the partner or distributor id, null for an operator. */
    public record Person(DevTokens.Role role, String id, String subject) {
    }

    private SignInClaims() {
    }

    /**
     * The person these claims describe, or empty when they carry none of the three roles or a partner or
     * distributor role without its id. A person with several roles signs in with the narrowest: partner, then
     * distributor, then operator.
     */
    public static Optional<Person> person(Map<String, Object> claims, Names names) {
        List<String> roles = roles(walk(claims, names.roles()));
        String subject = claims.get("sub") instanceof String s ? s : null;
        if (roles.contains(names.partnerRole())) {
            return id(claims, names.partner()).map(id -> new Person(DevTokens.Role.PARTNER, id, subject));
        }
        if (roles.contains(names.distributorRole())) {
            return id(claims, names.distributor()).map(id -> new Person(DevTokens.Role.DISTRIBUTOR, id, subject));
        }
        if (roles.contains(names.operatorRole())) {
            return Optional.of(new Person(DevTokens.Role.OPERATOR, null, subject));
        }
        return Optional.empty();
    }

    private static Optional<String> id(Map<String, Object> claims, String name) {
        return walk(claims, name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    private static Object walk(Map<String, Object> claims, String path) {
        Object at = claims;
        for (String part : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(part);
        }
        return at;
    }

    private static List<String> roles(Object value) {
        List<String> roles = new ArrayList<>();
        if (value instanceof String s) {
            for (String r : s.trim().split("\\s+")) {
                roles.add(r);
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(r -> roles.add(String.valueOf(r)));
        }
        return roles;
    }
}
