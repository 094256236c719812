package dev.metering.launcher;

/** A part of the platform failed to start; the message names the part and where its log is. */
public class LaunchException extends RuntimeException {
    public LaunchException(String message) {
        super(message);
    }
}
