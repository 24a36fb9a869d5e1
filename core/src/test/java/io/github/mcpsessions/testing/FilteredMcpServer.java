package io.github.mcpsessions.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.servlet.PersistentSessionsFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * An SDK server served by the SDK's own servlet, unchanged, with {@link PersistentSessionsFilter}
 * in front of it as a framework's servlet would have; the tools of {@link TestMcpServer}.
 */
public final class FilteredMcpServer implements AdapterContract.Server {

	private final Tomcat tomcat = new Tomcat();

	private final McpSyncServer server;

	private final PersistentSessionsFilter filter;

	public FilteredMcpServer(SessionRepository store) {
		HttpServletStreamableServerTransportProvider sdk = HttpServletStreamableServerTransportProvider.builder()
			.mcpEndpoint("/mcp")
			.build();
		this.filter = PersistentSessionsFilter.builder(sdk, store).build();
		this.server = McpServer.sync(sdk)
			.serverInfo("filtered", "1.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(TestMcpServer.tools())
			.build();
		this.filter.attach();
		try {
			this.tomcat.setBaseDir(Files.createTempDirectory("mcp-sessions-filter").toString());
			this.tomcat.setPort(0);
			this.tomcat.getConnector();
			Context context = this.tomcat.addContext("", null);
			Tomcat.addServlet(context, "mcp-sdk", sdk).setAsyncSupported(true);
			context.addServletMappingDecoded("/mcp", "mcp-sdk");
			FilterDef def = new FilterDef();
			def.setFilterName("mcp-sessions");
			def.setFilter(this.filter);
			def.setAsyncSupported("true");
			context.addFilterDef(def);
			FilterMap map = new FilterMap();
			map.setFilterName("mcp-sessions");
			map.addURLPattern("/mcp");
			context.addFilterMap(map);
			this.tomcat.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not start", ex);
		}
	}

	@Override
	public String url() {
		return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/mcp";
	}

	@Override
	public PersistentSessionsFilter adapter() {
		return this.filter;
	}

	@Override
	public void close() {
		this.filter.close();
		this.server.closeGracefully();
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
