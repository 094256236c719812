package dev.metering.billing.usage;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One customer's active-unit projection (R16–R19, R21): for every (device, product) a "track" of
 * primitive fields, no object per heartbeat.
 *
 * <p>Per track: the latest heartbeat instant, the user it named, and a 64-bit mask of the day
 * buckets seen (bit i = i buckets before the latest heartbeat's bucket). Per device: the latest removal
 * instant (R19). Every update is a max or a set union, so folding any permutation of the same facts,
 * with any duplicates, ends in the same state (R21).
 *
 * <p>Answers at an instant S:
 * <ul>
 * <li>exactly, to the millisecond, when S is a bucket end (every period close, R22) or when S is at or
 * after the unit's latest heartbeat (real time, R20), using the latest-heartbeat instant;</li>
 * <li>otherwise (a historical S inside a day, with heartbeats after S) the two partial day buckets at
 * the edges of the window are left out: such answers err toward not counting.</li>
 * </ul>
 * Only the latest removal of a device is kept; a unit counts after a removal only with a heartbeat
 * strictly after it (R19: a heartbeat at the removal instant is not "after" it).
 *
 * <p>Memory layout. A device's first track lives in arrays indexed by the device (mask 8 bytes; latest
 * instant 4 — an offset from a per-customer base while the values span under 37 days, else 6, 8 beyond ±4 000 years,
 * always exact to the millisecond ({@link PackedInstants}) —; user 1–4; product and flags 1): most devices report one
 * product. Its further tracks, if any, are chained in a second set of arrays. Removal instants are sparse
 * ({@link SparseTimes}); ids live in an {@link IdDictionary}, no {@code String} per id: a UUID in 16 bytes, an id
 * {@code dev-<c>-<n>} as its number; the users' dictionary exists once a user id arrives. Arrays grow 1.5× while
 * folding and are cut to their exact sizes whenever the projection is persisted ({@link #writeTo}). About 25 bytes
 * per device for the benchmark's workload (one product per device, ids {@code dev-<c>-<n>}, 100 devices per
 * customer), 39 with UUID device ids: 30 of those are each device's track and UUID, the rest is per customer.
 * Thread-safe (synchronised): the consumer folds while REST threads read.
 */
public final class CustomerUnits {

    static final long NONE = Long.MIN_VALUE;
    private static final ProductCode[] PRODUCTS = ProductCode.values();
    /**
     * Snapshot formats: 2 wrote ids with {@code writeUTF} and a removal instant per device; 3 wrote ids as their
     * chars' bytes and only the removed devices' instants; 4 writes ids as the dictionary holds them (a UUID in 17
     * bytes, {@link IdDictionary}). Every earlier format is still read.
     */
    static final int FORMAT = 4;
    static final int FORMAT_3 = 3;
    static final int FORMAT_2 = 2;

    /** Per-device flags: bits 0–5 the first track's product ordinal + 1 (0: no track yet). */
    private static final int PRODUCT_BITS = 0x3F;
    private static final int HAS_MORE_TRACKS = 0x40;
    private static final int HAS_REMOVAL = 0x80;
    /** Track handles: d >= 0 is device d's first track, ~x < 0 is further track x. */
    private static final int NO_TRACK = Integer.MIN_VALUE;
    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};
    private static final byte[] NO_BYTES = {};

    static {
        if (PRODUCTS.length >= PRODUCT_BITS) {
            throw new ExceptionInInitializerError("too many products for the flag byte");
        }
    }

    private final String customerId;
    private final ActivityWindow window;

    private final IdDictionary devices = new IdDictionary();
    private IdDictionary users; // null until the first user id: server-only customers keep none

    private int tracks;

    // the first track of every device, indexed by device
    private byte[] flags = new byte[4];
    private long[] mask = new long[4];
    private final PackedInstants lastSeen = new PackedInstants(4);
    private final PackedInts lastUser = new PackedInts(4); // user + 1, 0 = none

    // further tracks: a device's second and later products
    private int more;
    private int[] moreHead; // per device: first further track + 1 (0 = none); null until needed
    private int[] moreDevice = NO_INTS;
    private int[] moreNext = NO_INTS;
    private byte[] moreProduct = NO_BYTES;
    private long[] moreMask = NO_LONGS;
    private long[] moreLastSeen = NO_LONGS;
    private int[] moreLastUser = NO_INTS;

    private SparseTimes removals; // R19, per device; null until the first removal

    /** Change tracking for readers that cache answers (the usage page): see {@link #version()}. */
    private volatile long version;
    private volatile long latestHeartbeat = NONE;

    public CustomerUnits(String customerId, ActivityWindow window) {
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

    /** Whether the device ids are kept in the dictionary's fixed-width UUID layout (for tests). */
    synchronized boolean deviceIdsFixedWidth() {
        return devices.fixedWidth();
    }

    /** A heartbeat of {@code deviceId} for {@code product} at {@code occurredAt} (epoch ms). */
    public synchronized void heartbeat(String deviceId, ProductCode product, String userId, long occurredAt) {
        int d = device(deviceId);
        int t = track(d, product);
        int b = window.bucketOf(occurredAt);
        long last = lastSeen(t);
        long m = maskOf(t);
        if (last == NONE) {
            m = 1L;
        } else {
            int top = window.bucketOf(last); // the newest bucket is always the latest heartbeat's
            if (b > top) {
                int shift = b - top;
                m = (shift >= ActivityWindow.BUCKETS ? 0L : m << shift) | 1L;
            } else if (top - b < ActivityWindow.BUCKETS) {
                m |= 1L << (top - b);
            } // else: older than every window this projection can still be asked about
        }
        setMask(t, m);
        int u = userId == null || userId.isBlank() || product.family().unitKind() != ProductFamily.UnitKind.USER_OR_DEVICE ? -1
                : users().intern(userId);
        if (occurredAt > last || (occurredAt == last && compareUsers(u, lastUser(t)) > 0)) {
            setLastSeen(t, occurredAt);
            setLastUser(t, u);
        }
        if (occurredAt > latestHeartbeat) {
            latestHeartbeat = occurredAt;
        }
        version++;
    }

    /** R19: the device was uninstalled or deleted at {@code occurredAt}. */
    public synchronized void removed(String deviceId, long occurredAt) {
        int d = device(deviceId);
        if (occurredAt > removal(d)) {
            setRemoval(d, occurredAt);
        }
        version++;
    }

    /**
     * Grows with every folded fact (heartbeat or removal): an answer computed after reading version v
     * still holds while the version is v (and while time alone does not change it). Lock-free read.
     */
    public long version() {
        return version;
    }

    /**
     * The latest {@code occurredAt} of any folded heartbeat (epoch ms), or {@link Long#MIN_VALUE}. Lock-free
     * read; written before {@link #version()} grows, so it is at least the value for the version read before it.
     */
    public long latestHeartbeat() {
        return latestHeartbeat;
    }

    /**
     * A counted unit as one int: a user (R17: a product counted per user or device counts the user it names) as
     * {@code user << 1 | 1}, otherwise the device as {@code device << 1}.
     */
    private static int unitCode(ProductCode billed, int user, int device) {
        return billed.family().unitKind() == ProductFamily.UnitKind.USER_OR_DEVICE && user >= 0
                ? (user << 1) | 1
                : device << 1;
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

    /**
     * The units seen per product on each of {@code days} day buckets ending with bucket {@code lastBucket} (the
     * 60-day chart): {@code out[product ordinal][k]} counts the distinct units (a user once, R17) with a heartbeat in
     * bucket {@code lastBucket - days + 1 + k}, billed as {@code resolver} says. Only the last
     * {@link ActivityWindow#BUCKETS} buckets before a unit's latest heartbeat are remembered.
     */
    public synchronized int[][] seenPerDay(int lastBucket, int days, ProductResolver resolver) {
        int first = lastBucket - days + 1;
        java.util.HashSet<Long> seen = new java.util.HashSet<>();
        int deviceCount = devices.size();
        for (int t = -more; t < deviceCount; t++) {
            if ((t >= 0 && (flags[t] & PRODUCT_BITS) == 0) || lastSeen(t) == NONE) {
                continue;
            }
            int d = deviceOf(t);
            ProductCode billed = resolver.resolve(PRODUCTS[productOf(t)], devices.id(d));
            if (billed == null) {
                continue;
            }
            int code = unitCode(billed, lastUser(t), d);
            int top = window.bucketOf(lastSeen(t));
            long bits = maskOf(t);
            for (int b = Math.max(first, top - ActivityWindow.BUCKETS + 1); b <= Math.min(top, lastBucket); b++) {
                if ((bits >>> (top - b) & 1L) != 0) {
                    seen.add(((long) billed.ordinal() * 4096 + (b - first)) << 32 | (code & 0xFFFFFFFFL));
                }
            }
        }
        int[][] out = new int[PRODUCTS.length][days];
        for (long key : seen) {
            int pk = (int) (key >>> 32);
            out[pk / 4096][pk % 4096]++;
        }
        return out;
    }

    /** Why a track does not count at S: no heartbeat in the 30 days (R16), or removed with none since (R19). */
    public static final String OUTSIDE_30_DAYS = "outside-30-days";
    public static final String REMOVED = "removed";

    /**
     * One (device, product) as the customer console shows it at S: the latest heartbeat and its user, the latest
     * removal, and whether it counts at S or why not ({@link #OUTSIDE_30_DAYS}, {@link #REMOVED}).
     */
    public record Track(String deviceId, ProductCode product, String userId, java.time.Instant lastHeartbeat,
            java.time.Instant removedAt, boolean counted, String notCounted) {
    }

    /**
     * Every (device, product) seen by S, by device id then product, with whether it counts at S (R16, R19). The
     * list is as of S: a unit whose heartbeats all came after S is left out (known from whole day buckets), and a
     * latest heartbeat or removal after S is not shown (null), so later facts never change an answer about S.
     */
    public synchronized List<Track> tracksAt(long s) {
        List<Track> out = new ArrayList<>();
        int deviceCount = devices.size();
        for (int t = -more; t < deviceCount; t++) {
            if ((t >= 0 && (flags[t] & PRODUCT_BITS) == 0) || lastSeen(t) == NONE) {
                continue;
            }
            int d = deviceOf(t);
            long last = lastSeen(t);
            long removal = removal(d);
            boolean counted = active(t, s);
            if (last > s && !counted && !seenInBucketsUpTo(t, s)) {
                continue;
            }
            String why = null;
            if (!counted) {
                boolean removedBeforeS = removal != NONE && removal <= s
                        && (last <= removal || removal > s - ActivityWindow.WINDOW_MS);
                why = removedBeforeS ? REMOVED : OUTSIDE_30_DAYS;
            }
            int user = lastUser(t);
            out.add(new Track(devices.id(d), PRODUCTS[productOf(t)], user >= 0 ? users.id(user) : null,
                    last > s ? null : java.time.Instant.ofEpochMilli(last),
                    removal == NONE || removal > s ? null : java.time.Instant.ofEpochMilli(removal), counted, why));
        }
        out.sort(java.util.Comparator.comparing(Track::deviceId).thenComparing(Track::product));
        return out;
    }

    /** Whether the unit had a heartbeat in a whole day bucket ending at or before S (its mask's memory: 64 days). */
    private boolean seenInBucketsUpTo(int t, long s) {
        int top = window.bucketOf(lastSeen(t));
        int to = window.isBucketEnd(s) ? window.bucketOf(s) : window.bucketOf(s) - 1;
        int skip = top - to;
        if (skip <= 0) {
            return true;
        }
        return skip < ActivityWindow.BUCKETS && (maskOf(t) >>> skip) != 0;
    }

    /** Whether the device counts for {@code product} at S (R16, R19). */
    public synchronized boolean isActive(String deviceId, ProductCode product, long s) {
        int d = devices.find(deviceId);
        if (d < 0) {
            return false;
        }
        int t = findTrack(d, product.ordinal());
        return t != NO_TRACK && active(t, s);
    }

    /** Unit codes per product ordinal: device d = 2d, user u = 2u + 1; sorted, distinct. */
    private int[][] collect(long s, ProductResolver resolver) {
        int[][] codes = new int[PRODUCTS.length][];
        int[] sizes = new int[PRODUCTS.length];
        // per reported product: 0 = not asked yet, 1 = ask the resolver per device, 2 = billedAs[r] for every device
        byte[] resolution = new byte[PRODUCTS.length];
        ProductCode[] billedAs = new ProductCode[PRODUCTS.length];
        int deviceCount = devices.size();
        for (int t = -more; t < deviceCount; t++) {
            // t in [-more, 0): further track ~t; t in [0, devices): device t's first track
            if ((t >= 0 && (flags[t] & PRODUCT_BITS) == 0) || !active(t, s)) {
                continue;
            }
            int d = deviceOf(t);
            int r = productOf(t);
            if (resolution[r] == 0) {
                resolution[r] = (byte) (resolver.perDevice(PRODUCTS[r]) ? 1 : 2);
                if (resolution[r] == 2) {
                    billedAs[r] = resolver.resolve(PRODUCTS[r], devices.id(d));
                }
            }
            ProductCode billed = resolution[r] == 2 ? billedAs[r] : resolver.resolve(PRODUCTS[r], devices.id(d));
            if (billed == null) {
                continue;
            }
            int code = unitCode(billed, lastUser(t), d);
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
        long last = lastSeen(t);
        if (last == NONE) {
            return false;
        }
        long lo = s - ActivityWindow.WINDOW_MS;
        long removal = removal(deviceOf(t));
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
        long bits = maskOf(t) >>> (top - hi);
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

    // ---- track fields, by handle ----

    private int deviceOf(int t) {
        return t >= 0 ? t : moreDevice[~t];
    }

    private int productOf(int t) {
        return t >= 0 ? (flags[t] & PRODUCT_BITS) - 1 : moreProduct[~t];
    }

    private long maskOf(int t) {
        return t >= 0 ? mask[t] : moreMask[~t];
    }

    private void setMask(int t, long m) {
        if (t >= 0) {
            mask[t] = m;
        } else {
            moreMask[~t] = m;
        }
    }

    private long lastSeen(int t) {
        return t >= 0 ? lastSeen.get(t) : moreLastSeen[~t];
    }

    private void setLastSeen(int t, long at) {
        if (t >= 0) {
            lastSeen.set(t, at);
        } else {
            moreLastSeen[~t] = at;
        }
    }

    /** The user of the track's latest heartbeat, or -1. */
    private int lastUser(int t) {
        return t >= 0 ? lastUser.get(t) - 1 : moreLastUser[~t];
    }

    private void setLastUser(int t, int u) {
        if (t >= 0) {
            lastUser.set(t, u + 1);
        } else {
            moreLastUser[~t] = u;
        }
    }

    private IdDictionary users() {
        if (users == null) {
            users = new IdDictionary();
        }
        return users;
    }

    private long removal(int d) {
        return (flags[d] & HAS_REMOVAL) == 0 ? NONE : removals.get(d);
    }

    private void setRemoval(int d, long at) {
        if (removals == null) {
            removals = new SparseTimes();
        }
        removals.put(d, at);
        flags[d] |= (byte) HAS_REMOVAL;
    }

    // ---- structure ----

    private int device(String deviceId) {
        int before = devices.size();
        return known(devices.intern(deviceId), before);
    }

    private int deviceWritten(DataInputStream in) throws IOException {
        int before = devices.size();
        return known(devices.internWritten(in), before);
    }

    /** Device d as interned when the dictionary held {@code before} ids: a new one gets its first-track slot. */
    private int known(int d, int before) {
        if (d == before) {
            if (d == flags.length) {
                resizeDevices(d + (d >> 1) + 1);
            }
            added(d);
        }
        return d;
    }

    private void added(int d) {
        flags[d] = 0;
        mask[d] = 0L;
        lastSeen.set(d, NONE);
        lastUser.set(d, 0);
    }

    private void resizeDevices(int n) {
        flags = Arrays.copyOf(flags, n);
        mask = Arrays.copyOf(mask, n);
        lastSeen.resize(n);
        lastUser.resize(n);
        if (moreHead != null) {
            moreHead = Arrays.copyOf(moreHead, n);
        }
    }

    private int findTrack(int d, int product) {
        int first = flags[d] & PRODUCT_BITS;
        if (first == product + 1) {
            return d;
        }
        if ((flags[d] & HAS_MORE_TRACKS) != 0) {
            for (int x = moreHead[d] - 1; x >= 0; x = moreNext[x] - 1) {
                if (moreProduct[x] == product) {
                    return ~x;
                }
            }
        }
        return NO_TRACK;
    }

    private int track(int d, ProductCode product) {
        int found = findTrack(d, product.ordinal());
        if (found != NO_TRACK) {
            return found;
        }
        tracks++;
        if ((flags[d] & PRODUCT_BITS) == 0) {
            flags[d] |= (byte) (product.ordinal() + 1);
            mask[d] = 0L;
            lastSeen.set(d, NONE);
            lastUser.set(d, 0);
            return d;
        }
        int x = more++;
        if (x == moreMask.length) {
            resizeMore(x + (x >> 1) + 1);
        }
        if (moreHead == null) {
            moreHead = new int[flags.length];
        }
        moreDevice[x] = d;
        moreProduct[x] = (byte) product.ordinal();
        moreNext[x] = (flags[d] & HAS_MORE_TRACKS) != 0 ? moreHead[d] : 0;
        moreHead[d] = x + 1;
        flags[d] |= (byte) HAS_MORE_TRACKS;
        moreMask[x] = 0L;
        moreLastSeen[x] = NONE;
        moreLastUser[x] = -1;
        return ~x;
    }

    private void resizeMore(int n) {
        if (n == 0) { // most customers: no device with a second product, no arrays of their own
            moreDevice = NO_INTS;
            moreNext = NO_INTS;
            moreProduct = NO_BYTES;
            moreMask = NO_LONGS;
            moreLastSeen = NO_LONGS;
            moreLastUser = NO_INTS;
            return;
        }
        moreDevice = Arrays.copyOf(moreDevice, n);
        moreNext = Arrays.copyOf(moreNext, n);
        moreProduct = Arrays.copyOf(moreProduct, n);
        moreMask = Arrays.copyOf(moreMask, n);
        moreLastSeen = Arrays.copyOf(moreLastSeen, n);
        moreLastUser = Arrays.copyOf(moreLastUser, n);
    }

    /** Cuts every array to its exact size (no growth slack); the next new device or track grows it again. */
    private void trim() {
        int n = devices.size();
        if (flags.length != n) {
            resizeDevices(n);
        }
        if (moreMask.length != more) {
            resizeMore(more);
        }
        devices.trim();
        if (users != null) {
            users.trim();
        }
    }

    /**
     * Bytes this projection retains (array payloads and headers, dictionaries), excluding the id
     * bytes unless {@code withIds}: a deterministic figure for the memory target.
     */
    public synchronized long retainedBytes(boolean withIds) {
        long bytes = 96 + 16 * 3; // object and array headers
        bytes += align(flags.length) + align(mask.length * 8L) + lastSeen.retainedBytes() + lastUser.retainedBytes();
        bytes += moreHead == null ? 0 : 16 + align(moreHead.length * 4L);
        if (moreMask.length > 0) {
            bytes += 6 * 16 + align(moreDevice.length * 4L) + align(moreNext.length * 4L) + align(moreProduct.length)
                    + align(moreMask.length * 8L) + align(moreLastSeen.length * 8L) + align(moreLastUser.length * 4L);
        }
        bytes += removals == null ? 0 : removals.retainedBytes();
        bytes += devices.retainedBytes(withIds) + (users == null ? 0 : users.retainedBytes(withIds));
        return bytes;
    }

    private static long align(long bytes) {
        return (bytes + 7) / 8 * 8;
    }

    // ---- persistence (a compact binary snapshot per customer) ----

    /**
     * Writes the format-3 snapshot: device ids (each its encoded bytes, length first), the removed devices with
     * their instants, user ids (the same way), then every track. Also drops the arrays' growth slack: persisting is when a customer's batch of facts is done.
     */
    public synchronized void writeTo(DataOutputStream out) throws IOException {
        trim();
        out.writeByte(FORMAT);
        int deviceCount = devices.size();
        out.writeInt(deviceCount);
        for (int d = 0; d < deviceCount; d++) {
            devices.writeId(d, out);
        }
        int[] removed = removals == null ? new int[0] : removals.keys();
        Arrays.sort(removed);
        out.writeInt(removed.length);
        for (int d : removed) {
            out.writeInt(d);
            out.writeLong(removals.get(d));
        }
        int userCount = users == null ? 0 : users.size();
        out.writeInt(userCount);
        for (int u = 0; u < userCount; u++) {
            users.writeId(u, out);
        }
        out.writeInt(tracks);
        for (int t = 0; t < deviceCount; t++) { // first tracks, then the further ones, so a read rebuilds the same
            if ((flags[t] & PRODUCT_BITS) != 0) {
                writeTrack(out, t);
            }
        }
        for (int x = 0; x < more; x++) {
            writeTrack(out, ~x);
        }
    }

    private void writeTrack(DataOutputStream out, int t) throws IOException {
        out.writeInt(deviceOf(t));
        out.writeByte(productOf(t));
        out.writeLong(maskOf(t));
        out.writeLong(lastSeen(t));
        out.writeInt(lastUser(t));
    }

    /** Reads a snapshot of format 4 or of the earlier formats 3 (UUIDs as 36 bytes) and 2 (a removal instant per device). */
    public static CustomerUnits readFrom(String customerId, ActivityWindow window, DataInputStream in)
            throws IOException {
        int format = in.readByte();
        if (format != FORMAT && format != FORMAT_3 && format != FORMAT_2) {
            throw new IOException("unknown snapshot format " + format + " for customer " + customerId);
        }
        CustomerUnits c = new CustomerUnits(customerId, window);
        int deviceCount = in.readInt();
        c.resizeDevices(deviceCount); // exact sizes: no growth slack after a restart
        for (int i = 0; i < deviceCount; i++) {
            int d = switch (format) {
                case FORMAT -> c.deviceWritten(in);
                case FORMAT_3 -> c.device(IdDictionary.readWrittenChars(in));
                default -> c.device(in.readUTF());
            };
            if (format == FORMAT_2) {
                long removedAt = in.readLong();
                if (removedAt != NONE) {
                    c.setRemoval(d, removedAt);
                }
            }
        }
        if (format != FORMAT_2) {
            int removedCount = in.readInt();
            for (int i = 0; i < removedCount; i++) {
                int d = in.readInt();
                c.setRemoval(d, in.readLong());
            }
        }
        int userCount = in.readInt();
        for (int i = 0; i < userCount; i++) {
            switch (format) {
                case FORMAT -> c.users().internWritten(in);
                case FORMAT_3 -> c.users().intern(IdDictionary.readWrittenChars(in));
                default -> c.users().intern(in.readUTF());
            }
        }
        int trackCount = in.readInt();
        for (int i = 0; i < trackCount; i++) {
            int d = in.readInt();
            int t = c.track(d, PRODUCTS[in.readByte()]);
            c.setMask(t, in.readLong());
            c.setLastSeen(t, in.readLong());
            c.setLastUser(t, in.readInt());
            c.latestHeartbeat = Math.max(c.latestHeartbeat, c.lastSeen(t));
        }
        c.trim();
        return c;
    }

    /** Every fact-derived field, for equality checks in tests (order of ids may differ by arrival). */
    public synchronized Map<String, String> describe() {
        Map<String, String> out = new java.util.TreeMap<>();
        int deviceCount = devices.size();
        for (int t = -more; t < deviceCount; t++) {
            if (t >= 0 && (flags[t] & PRODUCT_BITS) == 0) {
                continue;
            }
            int user = lastUser(t);
            out.put(devices.id(deviceOf(t)) + "/" + PRODUCTS[productOf(t)],
                    "mask=" + Long.toHexString(maskOf(t)) + " last=" + lastSeen(t) + " user="
                            + (user < 0 ? "-" : users.id(user)) + " removed=" + removal(deviceOf(t)));
        }
        for (int d = 0; d < deviceCount; d++) {
            out.put(devices.id(d), "removed=" + removal(d));
        }
        return out;
    }
}
