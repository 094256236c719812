package dev.metering.psa.vendor;

/**
 * A PSA request that failed. {@code status} is the PSA's HTTP status (0 when it could not be reached);
 * the message is the PSA's own error text, shown to the partner in the customer's sync status.
 */
public class PsaException extends RuntimeException {

    private final int status;

    public PsaException(int status, String psaMessage) {
        super(psaMessage);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
