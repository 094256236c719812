package dev.metering.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** lz4-java's JNI codec can be loaded on this platform, and Kafka's choice of codec then is JNI. */
class Lz4NativeTest {

    @Test
    void loadsTheJniCodecOnLinux() {
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        boolean bundled = os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"));
        boolean loaded = Lz4Native.load();
        if (bundled) {
            assertThat(loaded).isTrue();
            assertThat(Lz4Native.codec()).isEqualTo("LZ4Factory:JNI");
        }
        assertThat(Lz4Native.load()).as("idempotent").isEqualTo(loaded);
    }
}
