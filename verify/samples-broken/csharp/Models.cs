#nullable enable
using System.Text.Json.Serialization;

namespace Example.Sample;

/// <summary>An enum schema.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PetStatus>))]
public enum PetStatus
{
    // BROKEN: the comma after this enum member is missing.
    [JsonStringEnumMemberName("available")] Available
    [JsonStringEnumMemberName("sold")] Sold,
}

public sealed record Pet
{
    [JsonPropertyName("id")]
    public required long Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("status")]
    public required PetStatus Status { get; init; }

    /// <summary>Optional: the property may be absent.</summary>
    [JsonPropertyName("tag")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tag { get; init; }

    /// <summary>Nullable but required: present, may be null.</summary>
    [JsonPropertyName("ownerName")]
    public required string? OwnerName { get; init; }
}
