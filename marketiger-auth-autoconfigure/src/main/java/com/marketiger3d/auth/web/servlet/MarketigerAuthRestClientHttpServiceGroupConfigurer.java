package com.marketiger3d.auth.web.servlet;

import java.net.URI;
import java.util.Objects;

import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Gives the {@code RestClient} of an HTTP service group, {@code marketiger} by default,
 * the API's base URL and the token interceptor, so that the group's {@code @HttpExchange}
 * interfaces call the API with a valid token. Runs before Spring Boot's configurer of
 * {@code spring.http.serviceclient.<group>.*}, so that a base URL set there wins; the
 * token still goes only to the API's own origin.
 *
 * @since 0.1.0
 */
public final class MarketigerAuthRestClientHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	private final String groupName;

	private final URI baseUrl;

	private final MarketigerAuthClientHttpRequestInterceptor interceptor;

	/**
	 * Create a configurer for one group.
	 * @param groupName the name of the group whose clients call the API
	 * @param baseUrl the API's base URL
	 * @param interceptor the interceptor that puts the token on the group's requests
	 */
	public MarketigerAuthRestClientHttpServiceGroupConfigurer(String groupName, URI baseUrl,
			MarketigerAuthClientHttpRequestInterceptor interceptor) {
		this.groupName = Objects.requireNonNull(groupName, "groupName must not be null");
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl must not be null");
		this.interceptor = Objects.requireNonNull(interceptor, "interceptor must not be null");
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.filterByName(this.groupName)
			.forEachClient(
					(group, builder) -> builder.baseUrl(this.baseUrl.toString()).requestInterceptor(this.interceptor));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
