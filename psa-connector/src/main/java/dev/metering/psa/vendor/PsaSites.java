package dev.metering.psa.vendor;

import java.net.URI;
import java.util.Locale;

/** Turns a connection's {@code site} into the API's base URL, refusing anything but https hosts. */
public final class PsaSites {

    private PsaSites() {
    }

    /**
     * {@code api-na.myconnectwise.net} or {@code https://api-na.myconnectwise.net} → {@code https://host};
     * {@code http://127.0.0.1:<port>} only when {@code allowLoopbackHttp} (dev/test stubs).
     *
     * @throws IllegalArgumentException with the reason when the site is not acceptable
     */
    public static URI baseUri(String site, boolean allowLoopbackHttp) {
        if (site == null || site.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        String s = site.trim();
        if (!s.contains("://")) {
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a host name or URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || (uri.getRawQuery() != null)) {
            throw new IllegalArgumentException("must be a plain host name such as api-na.myconnectwise.net");
        }
        if (scheme.equals("https")) {
            return URI.create("https://" + uri.getRawAuthority());
        }
        if (scheme.equals("http") && allowLoopbackHttp && "127.0.0.1".equals(uri.getHost())) {
            return URI.create("http://" + uri.getRawAuthority());
        }
        throw new IllegalArgumentException("must use https");
    }
}
