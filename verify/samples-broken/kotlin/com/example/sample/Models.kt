package com.example.sample

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json

/** An enum schema. */
@Serializable
enum class PetStatus {
    @SerialName("available") AVAILABLE,
    @SerialName("sold") SOLD,
}

@Serializable
data class Pet(
    @SerialName("id") val id: Long,
    @SerialName("name") val name: String,
    @SerialName("status") val status: PetStatus,
    /** Optional: the property may be absent. */
    @SerialName("tag") val tag: String? = null,
    /** Nullable but required: present, may be null. */
    @SerialName("ownerName") val ownerName: String?,
)

private val json = Json { ignoreUnknownKeys = true }

// Pet.serializer() only exists when the kotlinx-serialization compiler plugin ran.
// BROKEN: PetStatus has no LOST entry.
val lost: PetStatus = PetStatus.LOST

fun roundTrip(pet: Pet): Pet = json.decodeFromString(Pet.serializer(), json.encodeToString(Pet.serializer(), pet))
