package dev.metering.ingest.heartbeat.rest;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes {@link IngestResponse} with {@link IngestResponseJson} instead of Jackson data binding (same JSON),
 * as one buffer with a {@code Content-Length} (an entity stream would switch a ~50 KB answer to chunks).
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class IngestResponseWriter implements ServerMessageBodyWriter<IngestResponse> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return type == IngestResponse.class;
    }

    @Override
    public void writeResponse(IngestResponse response, Type genericType, ServerRequestContext context) {
        context.serverResponse().end(IngestResponseJson.write(response));
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == IngestResponse.class;
    }

    @Override
    public void writeTo(IngestResponse response, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream out) throws IOException {
        out.write(IngestResponseJson.write(response));
    }
}
