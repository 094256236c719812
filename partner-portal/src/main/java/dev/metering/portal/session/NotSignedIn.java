package dev.metering.portal.session;

/** No session cookie, or the services no longer accept its token: the pages send the person to sign in. */
public class NotSignedIn extends RuntimeException {

    public NotSignedIn() {
        super("not signed in", null, false, false);
    }
}
