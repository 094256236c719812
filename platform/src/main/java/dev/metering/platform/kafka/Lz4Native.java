package dev.metering.platform.kafka;

/**
 * Lets Kafka's LZ4 codec use lz4-java's JNI implementation. lz4-java's {@code LZ4Factory.fastestInstance()}
 * (what the Kafka client asks for) only picks JNI when lz4-java was loaded by the system class loader or
 * its native library is already loaded; under Quarkus' application class loader it silently falls back to
 * the pure-Java "safe" codec, which a profile of the batch endpoint showed at ~30 % of ingest's CPU.
 * Loading the library once at start-up makes every later {@code fastestInstance()} choose JNI. Reflection
 * keeps lz4-java (a runtime dependency of kafka-clients) out of the compile classpath; any failure (no
 * library for the platform, already loaded elsewhere) leaves the pure-Java codec in place.
 */
public final class Lz4Native {

    private Lz4Native() {
    }

    /** Loads the JNI library if possible; true when lz4-java's native codec is available afterwards. */
    public static synchronized boolean load() {
        try {
            Class<?> nativeClass = Class.forName("net.jpountz.util.Native", true, Lz4Native.class.getClassLoader());
            nativeClass.getMethod("load").invoke(null);
            return (Boolean) nativeClass.getMethod("isLoaded").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** What Kafka's LZ4 codec will use, e.g. {@code LZ4Factory:JNI} or {@code LZ4Factory:JavaSafe}. */
    public static String codec() {
        try {
            Class<?> factory = Class.forName("net.jpountz.lz4.LZ4Factory", true, Lz4Native.class.getClassLoader());
            return String.valueOf(factory.getMethod("fastestInstance").invoke(null));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "unavailable (" + e + ")";
        }
    }
}
