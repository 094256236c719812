package dev.metering.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One platform (real Kafka, real PostgreSQL, every service a process, as {@code bin/platform} runs them) and one
 * headless Chromium for every browser test class of a test run, instead of a start and a stop per class. A class
 * that is {@code @ExtendWith(SharedPortal.class)} takes a {@link PortalBrowser} parameter in its
 * {@code @BeforeAll}; the first class that asks starts it, it is kept in the root context's store, and JUnit
 * closes it (the browser, then the platform) when the run ends. Surefire runs the module's test classes one after
 * the other in one JVM and hands them to JUnit in one request (the defaults: one fork, reused; no parallel
 * execution), so the classes share it and never use it at the same time.
 *
 * <p>What keeps the classes independent of each other and of their order: each class seeds partners, a
 * distributor and customers of its own (ids no other class uses) and redeploys billing-service with a close
 * instant S of its own before it closes the month; every assertion reads the signed-in partner's or distributor's
 * own data, or compares a page with the API it reads. A month that an earlier class closed already is simply closed
 * again: a repeated close issues the invoices not issued before (billing's PeriodCloser), here the ones of this
 * class's partners, at this class's S.
 */
final class SharedPortal implements ParameterResolver {

    /**
     * The {@code @Order} of the classes that share the platform: after every other class (whose order is
     * {@link Order#DEFAULT}; junit-platform.properties orders classes by it), so that the shared platform, which
     * stays up until the run ends, never runs beside a platform another class starts.
     */
    static final int LAST = Order.DEFAULT + 1;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPortal.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PortalBrowser.class;
    }

    @Override
    public PortalBrowser resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(PortalBrowser.class, key -> {
            try {
                return PortalBrowser.start(new ByteArrayOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, PortalBrowser.class);
    }
}
