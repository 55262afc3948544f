// The client scenario in Kotlin: the generated client against the generated
// server (base URL in SCENARIO_BASE_URL, API key in SCENARIO_API_KEY).
// Prints "step NAME ok" or "step NAME FAIL reason" per step.
@file:Suppress("DEPRECATION")

package scenario

import dev.specsmith.sandbox.ApiException
import dev.specsmith.sandbox.BoxTemplateState
import dev.specsmith.sandbox.CreateBoxTemplateRequest
import dev.specsmith.sandbox.CreateSandboxRequest
import dev.specsmith.sandbox.CreateSnapshotRequest
import dev.specsmith.sandbox.ErrorResponse
import dev.specsmith.sandbox.ImageSpec
import dev.specsmith.sandbox.RenewExpirationRequest
import dev.specsmith.sandbox.SandboxLifecycleApiClient
import dev.specsmith.sandbox.SandboxSourceKind
import dev.specsmith.sandbox.SandboxState
import dev.specsmith.sandbox.SnapshotState
import java.time.Duration
import java.time.OffsetDateTime
import java.time.ZoneOffset
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking

private var failed = false

private suspend fun step(name: String, body: suspend () -> Unit) {
    try {
        body()
        println("step $name ok")
    } catch (e: Exception) {
        failed = true
        val reason = (e.message ?: e.toString()).split(Regex("\\s+")).joinToString(" ")
        println("step $name FAIL ${e::class.simpleName}: $reason")
    }
}

/** The ApiException of a call that should fail. */
private suspend fun failure(call: suspend () -> Unit): ApiException {
    try {
        call()
    } catch (e: ApiException) {
        return e
    }
    throw IllegalStateException("the call succeeded")
}

/** The code of a documented error body. */
private fun ApiException.code(): String? = bodyAs<ErrorResponse>()?.code

fun main() {
    val baseUrl = System.getenv("SCENARIO_BASE_URL")
    val client = SandboxLifecycleApiClient(
        baseUrl = baseUrl,
        apiKeyAuth = System.getenv("SCENARIO_API_KEY"),
        timeout = Duration.ofSeconds(10),
    )
    var templateId = ""
    var imageSandbox = ""
    runBlocking {
        step("box-template-create") {
            val t = client.createBoxTemplate(
                CreateBoxTemplateRequest(
                    name = "python-ml",
                    artifactRef = "registry.example.com/templates/python-ml:1",
                ),
            )
            templateId = t.id
            check(t.state == BoxTemplateState.INACTIVE && t.id.isNotEmpty()) { "created $t" }
        }
        step("box-template-list") {
            val page = client.listBoxTemplates()
            check(page.items.any { it.id == templateId }) { "the new template is not listed" }
        }
        step("box-template-activate") {
            val t = client.activateBoxTemplate(templateId)
            check(t.state == BoxTemplateState.ACTIVE) { "state ${t.state}" }
        }
        step("create-from-image") {
            val s = client.createSandbox(
                CreateSandboxRequest(
                    image = ImageSpec(uri = "registry.example.com/runtimes/python:3.12"),
                    metadata = mapOf("team" to "data-platform"),
                ),
            )
            imageSandbox = s.id
            check(s.source.kind == SandboxSourceKind.IMAGE && s.state == SandboxState.PENDING) { "created $s" }
        }
        step("create-from-box-template") {
            val s = client.createSandbox(
                CreateSandboxRequest(boxTemplateId = templateId, metadata = mapOf("team" to "web")),
            )
            check(s.source.kind == SandboxSourceKind.BOX_TEMPLATE && s.source.boxTemplateId == templateId) {
                "source ${s.source}"
            }
        }
        step("pause") {
            val s = client.pauseSandbox(imageSandbox)
            check(s.state == SandboxState.PAUSING) { "state ${s.state}" }
        }
        step("list-state-filter") {
            val page = client.listSandboxes(state = listOf(SandboxState.PAUSING, SandboxState.PAUSED))
            check(page.items.size == 1 && page.items[0].id == imageSandbox) { "listed ${page.items.size}" }
            val both = client.listSandboxes(state = listOf(SandboxState.PAUSING, SandboxState.PENDING))
            check(both.items.size == 2) { "two states: ${both.items.size}" }
        }
        step("list-metadata-filter") {
            val page = client.listSandboxes(metadata = "team=web")
            check(page.items.size == 1 && page.items[0].metadata?.get("team") == "web") {
                "listed ${page.items.size}"
            }
        }
        step("get") {
            val s = client.getSandbox(imageSandbox)
            check(s.id == imageSandbox && s.metadata?.get("team") == "data-platform") { "got $s" }
        }
        step("resume") {
            val s = client.resumeSandbox(imageSandbox)
            check(s.state == SandboxState.RESUMING) { "state ${s.state}" }
        }
        step("extend") {
            val at = OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
            val r = client.renewSandboxExpiration(imageSandbox, RenewExpirationRequest(expiresAt = at))
            check(r.expiresAt.isEqual(at)) { "expiresAt ${r.expiresAt}" }
        }
        step("backup-snapshot-image-uri") {
            val created = client.createSnapshot(imageSandbox, CreateSnapshotRequest(name = "before-upgrade"))
            check(created.imageUri == null) { "imageUri before it is ready" }
            var snap = client.getSnapshot(imageSandbox, created.id)
            var tries = 0
            while (snap.imageUri == null && tries < 5) {
                snap = client.getSnapshot(imageSandbox, created.id)
                tries++
            }
            check(snap.state == SnapshotState.READY && snap.imageUri?.text?.startsWith("https://") == true) {
                "snapshot $snap"
            }
        }
        step("not-found-404") {
            val e = failure { client.getSandbox("sbx-missing") }
            check(e.status == 404 && e.documented && e.code() == "NOT_FOUND") { "${e.status} ${e.message}" }
        }
        step("conflict-409") {
            val e = failure { client.deleteBoxTemplate(templateId) }
            check(e.status == 409 && e.documented && e.code() == "FAILED_PRECONDITION") {
                "${e.status} ${e.message}"
            }
        }
        step("missing-api-key-401") {
            val anonymous = SandboxLifecycleApiClient(baseUrl = baseUrl)
            val e = failure { anonymous.listSandboxes() }
            check(e.status == 401 && e.documented && e.code() == "UNAUTHENTICATED") { "${e.status} ${e.message}" }
        }
        step("old-method-name") {
            val t = client.deactivateTemplateSnapshot(templateId)
            check(t.id == templateId && t.state == BoxTemplateState.INACTIVE) { "state ${t.state}" }
        }
        step("box-template-delete") {
            client.deleteBoxTemplate(templateId)
            val e = failure { client.getBoxTemplate(templateId) }
            check(e.status == 404) { "after delete: ${e.status}" }
        }
    }
    if (failed) exitProcess(1)
}
