package io.github.mcpsessions.eras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.spec.McpSchema;

@Tag("sdk-2.2")
class DualEraFeaturesTest {

	private static final McpSchema.Tool ECHO = McpSchema.Tool.builder()
		.name("echo")
		.inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}")
		.build();

	@Test
	void refusesTwoToolsOfOneName() {
		DualEraFeatures.Builder builder = DualEraFeatures.builder().tool(ECHO, (context, args) -> null);

		assertThatIllegalArgumentException().isThrownBy(() -> builder.tool(ECHO, (context, args) -> null))
			.withMessageContaining("'echo'");
	}

	@Test
	void refusesToolsThatMayRunAsTasksWithoutDurableTasks() {
		DualEraFeatures.Builder builder = DualEraFeatures.builder()
			.tool(ECHO, io.github.mcpsessions.tasks.TaskSupport.OPTIONAL, (context, args) -> null);

		org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(builder::build)
			.withMessageContaining("tasks(");
	}

	@Test
	void givesTheModernServerOneFeatureOfEachKindItHas() {
		DualEraFeatures toolsOnly = DualEraFeatures.builder().tool(ECHO, (context, args) -> null).build();
		DualEraFeatures all = DualEraFeatures.builder()
			.tool(ECHO, (context, args) -> null)
			.resource(McpSchema.Resource.builder().uri("test://echo").name("echo").build(), (context, uri) -> null)
			.prompt(new McpSchema.Prompt("echo", "echo", List.of()), (context, args) -> null)
			.build();

		assertThat(toolsOnly.modern()).hasExactlyElementsOfTypes(ToolsFeature.class);
		assertThat(all.modern()).hasExactlyElementsOfTypes(ToolsFeature.class, ResourcesFeature.class, PromptsFeature.class);
		assertThat(all.sessionEraTools()).hasSize(1);
		assertThat(all.sessionEraResources()).hasSize(1);
		assertThat(all.sessionEraPrompts()).hasSize(1);
	}

}
