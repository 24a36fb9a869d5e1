package io.github.mcpsessions.internal.sdk;

import java.util.List;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import reactor.core.publisher.Mono;

/**
 * What a server built over a framework's SDK provider talks to once an adapter routes its
 * notifications: the provider itself for everything, but notifications, which go to every replica
 * through {@link ClientNotifications}. Replicas deliver them through the provider, never through
 * this, so nothing is routed twice.
 */
final class NotificationRoutingProvider implements McpStreamableServerTransportProvider {

	private final McpStreamableServerTransportProvider provider;

	private final ClientNotifications notifications;

	NotificationRoutingProvider(McpStreamableServerTransportProvider provider, ClientNotifications notifications) {
		this.provider = provider;
		this.notifications = notifications;
	}

	@Override
	public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
		this.provider.setSessionFactory(sessionFactory);
	}

	@Override
	public Mono<Void> notifyClients(String method, Object params) {
		return this.notifications.notifyClients(method, params);
	}

	@Override
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		return this.notifications.notifyClient(sessionId, method, params);
	}

	@Override
	public void close() {
		this.provider.close();
	}

	@Override
	public Mono<Void> closeGracefully() {
		return this.provider.closeGracefully();
	}

	@Override
	public List<String> protocolVersions() {
		return this.provider.protocolVersions();
	}

}
