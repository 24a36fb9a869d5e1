/** The conformance suite's fixtures on Spring AI with the mcp-sessions starter: the server {@code conformance/run.sh} drives for WebMvc and WebFlux. */
package io.github.mcpsessions.conformance.spring;
