package dev.metering.billing.usage;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The previous implementation of {@link CustomerUnits} (commit 01d783d: a String per id, a removal instant per
 * device, every track chained), kept verbatim as a test oracle: the compact layout must answer exactly alike.
 */
final class LegacyCustomerUnits {

    static final long NONE = Long.MIN_VALUE;
    private static final ProductCode[] PRODUCTS = ProductCode.values();

    private final String customerId;
    private final ActivityWindow window;

    private final Ids devices = new Ids();
    private long[] removedAt = new long[4];
    private int[] trackHead = new int[4];

    private final Ids users = new Ids();

    private int tracks;
    private int[] trackDevice = new int[4];
    private int[] trackNext = new int[4];
    private byte[] trackProduct = new byte[4];
    private long[] mask = new long[4];
    private long[] lastSeen = new long[4];
    private int[] lastUser = new int[4];

    LegacyCustomerUnits(String customerId, ActivityWindow window) {
        this.customerId = customerId;
        this.window = window;
    }

    public String customerId() {
        return customerId;
    }

    public ActivityWindow window() {
        return window;
    }

    public synchronized int deviceCount() {
        return devices.size();
    }

    public synchronized int trackCount() {
        return tracks;
    }

    /** A heartbeat of {@code deviceId} for {@code product} at {@code occurredAt} (epoch ms). */
    public synchronized void heartbeat(String deviceId, ProductCode product, String userId, long occurredAt) {
        int d = device(deviceId);
        int t = track(d, product);
        int b = window.bucketOf(occurredAt);
        if (lastSeen[t] == NONE) {
            mask[t] = 1L;
        } else {
            int top = window.bucketOf(lastSeen[t]); // the newest bucket is always the latest heartbeat's
            if (b > top) {
                int shift = b - top;
                mask[t] = (shift >= ActivityWindow.BUCKETS ? 0L : mask[t] << shift) | 1L;
            } else if (top - b < ActivityWindow.BUCKETS) {
                mask[t] |= 1L << (top - b);
            } // else: older than every window this projection can still be asked about
        }
        int u = userId == null || userId.isBlank() || product.family().unitKind() != ProductFamily.UnitKind.USER_OR_DEVICE ? -1
                : users.intern(userId);
        if (occurredAt > lastSeen[t] || (occurredAt == lastSeen[t] && compareUsers(u, lastUser[t]) > 0)) {
            lastSeen[t] = occurredAt;
            lastUser[t] = u;
        }
    }

    /** R19: the device was uninstalled or deleted at {@code occurredAt}. */
    public synchronized void removed(String deviceId, long occurredAt) {
        int d = device(deviceId);
        removedAt[d] = Math.max(removedAt[d], occurredAt);
    }

    /** Counts only (the real-time usage page). */
    public synchronized EnumMap<ProductCode, Integer> countsAt(long s, ProductResolver resolver) {
        EnumMap<ProductCode, Integer> out = new EnumMap<>(ProductCode.class);
        int[][] units = collect(s, resolver);
        for (int p = 0; p < units.length; p++) {
            if (units[p].length > 0) {
                out.put(PRODUCTS[p], units[p].length);
            }
        }
        return out;
    }

    /** The unit ids counted per product at S (evidence, R26), each list sorted. */
    public synchronized EnumMap<ProductCode, List<String>> unitsAt(long s, ProductResolver resolver) {
        EnumMap<ProductCode, List<String>> out = new EnumMap<>(ProductCode.class);
        int[][] units = collect(s, resolver);
        for (int p = 0; p < units.length; p++) {
            if (units[p].length == 0) {
                continue;
            }
            List<String> ids = new ArrayList<>(units[p].length);
            boolean firewall = PRODUCTS[p].family() == ProductFamily.FIREWALL;
            for (int code : units[p]) {
                ids.add((code & 1) == 1 ? "user:" + users.id(code >>> 1)
                        : (firewall ? "serial:" : "device:") + devices.id(code >>> 1));
            }
            ids.sort(null);
            out.put(PRODUCTS[p], ids);
        }
        return out;
    }

    /** Whether the device counts for {@code product} at S (R16, R19). */
    public synchronized boolean isActive(String deviceId, ProductCode product, long s) {
        int d = devices.find(deviceId);
        if (d < 0) {
            return false;
        }
        for (int t = trackHead[d] - 1; t >= 0; t = trackNext[t] - 1) {
            if (trackProduct[t] == product.ordinal()) {
                return active(t, s);
            }
        }
        return false;
    }

    /** Unit codes per product ordinal: device d = 2d, user u = 2u + 1; sorted, distinct. */
    private int[][] collect(long s, ProductResolver resolver) {
        int[][] codes = new int[PRODUCTS.length][];
        int[] sizes = new int[PRODUCTS.length];
        for (int t = 0; t < tracks; t++) {
            if (!active(t, s)) {
                continue;
            }
            ProductCode reported = PRODUCTS[trackProduct[t]];
            ProductCode billed = resolver.resolve(reported, devices.id(trackDevice[t]));
            if (billed == null) {
                continue;
            }
            int code = billed.family().unitKind() == ProductFamily.UnitKind.USER_OR_DEVICE && lastUser[t] >= 0
                    ? (lastUser[t] << 1) | 1
                    : trackDevice[t] << 1;
            int p = billed.ordinal();
            if (codes[p] == null) {
                codes[p] = new int[8];
            } else if (sizes[p] == codes[p].length) {
                codes[p] = Arrays.copyOf(codes[p], sizes[p] * 2);
            }
            codes[p][sizes[p]++] = code;
        }
        for (int p = 0; p < codes.length; p++) {
            if (codes[p] == null) {
                codes[p] = new int[0];
                continue;
            }
            int[] a = codes[p];
            Arrays.sort(a, 0, sizes[p]);
            int n = 0;
            for (int i = 0; i < sizes[p]; i++) {
                if (n == 0 || a[n - 1] != a[i]) {
                    a[n++] = a[i];
                }
            }
            codes[p] = Arrays.copyOf(a, n);
        }
        return codes;
    }

    private boolean active(int t, long s) {
        long last = lastSeen[t];
        if (last == NONE) {
            return false;
        }
        long lo = s - ActivityWindow.WINDOW_MS;
        long removal = removedAt[trackDevice[t]];
        if (removal != NONE && removal <= s && removal > lo) {
            lo = removal; // R19: only heartbeats strictly after the removal count again
        }
        if (last <= s) {
            return last > lo;
        }
        // The unit has heartbeats after S: answer from whole buckets inside (lo, S].
        int top = window.bucketOf(last);
        int from = window.bucketOf(lo) + 1;
        int to = window.isBucketEnd(s) ? window.bucketOf(s) : window.bucketOf(s) - 1;
        int hi = Math.min(to, top);
        int low = Math.max(from, top - ActivityWindow.BUCKETS + 1);
        if (low > hi) {
            return false;
        }
        int width = hi - low + 1;
        long bits = mask[t] >>> (top - hi);
        if (width < 64) {
            bits &= (1L << width) - 1;
        }
        return bits != 0;
    }

    private int compareUsers(int a, int b) {
        if (a == b) {
            return 0;
        }
        if (a < 0) {
            return -1;
        }
        if (b < 0) {
            return 1;
        }
        return users.id(a).compareTo(users.id(b));
    }

    private int device(String deviceId) {
        int before = devices.size();
        int d = devices.intern(deviceId);
        if (devices.size() > before) {
            if (d == removedAt.length) {
                removedAt = Arrays.copyOf(removedAt, d + (d >> 1) + 1);
                trackHead = Arrays.copyOf(trackHead, removedAt.length);
            }
            removedAt[d] = NONE;
            trackHead[d] = 0;
        }
        return d;
    }

    private int track(int d, ProductCode product) {
        for (int t = trackHead[d] - 1; t >= 0; t = trackNext[t] - 1) {
            if (trackProduct[t] == product.ordinal()) {
                return t;
            }
        }
        int t = tracks++;
        if (t == mask.length) {
            int n = t + (t >> 1) + 1;
            trackDevice = Arrays.copyOf(trackDevice, n);
            trackNext = Arrays.copyOf(trackNext, n);
            trackProduct = Arrays.copyOf(trackProduct, n);
            mask = Arrays.copyOf(mask, n);
            lastSeen = Arrays.copyOf(lastSeen, n);
            lastUser = Arrays.copyOf(lastUser, n);
        }
        trackDevice[t] = d;
        trackProduct[t] = (byte) product.ordinal();
        trackNext[t] = trackHead[d];
        trackHead[d] = t + 1;
        lastSeen[t] = NONE;
        lastUser[t] = -1;
        return t;
    }

    /**
     * Bytes this projection retains (array payloads and headers, dictionaries), excluding the id
     * strings unless {@code withIds}: a deterministic figure for the memory target.
     */
    public synchronized long retainedBytes(boolean withIds) {
        long bytes = 16 + 10 * 16; // object and array headers
        bytes += (long) removedAt.length * 8 + (long) trackHead.length * 4;
        bytes += (long) mask.length * (8 + 8 + 4 + 4 + 4 + 1);
        bytes += devices.retainedBytes(withIds) + users.retainedBytes(withIds);
        return bytes;
    }

    /** Every fact-derived field, for equality checks in tests (order of ids may differ by arrival). */
    public synchronized Map<String, String> describe() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (int t = 0; t < tracks; t++) {
            out.put(devices.id(trackDevice[t]) + "/" + PRODUCTS[trackProduct[t]],
                    "mask=" + Long.toHexString(mask[t]) + " last=" + lastSeen[t] + " user="
                            + (lastUser[t] < 0 ? "-" : users.id(lastUser[t])) + " removed="
                            + removedAt[trackDevice[t]]);
        }
        for (int d = 0; d < devices.size(); d++) {
            out.put(devices.id(d), "removed=" + removedAt[d]);
        }
        return out;
    }

    /** The previous id dictionary's contract: dense indices in arrival order. */
    private static final class Ids {
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> index = new java.util.HashMap<>();

        int size() {
            return ids.size();
        }

        String id(int i) {
            return ids.get(i);
        }

        int find(String id) {
            Integer i = index.get(id);
            return i == null ? -1 : i;
        }

        int intern(String id) {
            return index.computeIfAbsent(id, k -> {
                ids.add(k);
                return ids.size() - 1;
            });
        }

        long retainedBytes(boolean withIds) {
            return 0;
        }
    }
}
