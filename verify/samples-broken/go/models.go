// Package sample is a hand-written sample in the layout specsmith generates.
package sample

import (
	"encoding/json"
	"fmt"
)

// PetStatus is an enum schema.
type PetStatus string

const (
	PetStatusAvailable PetStatus = "available"
	PetStatusSold      PetStatus = "sold"
)

// Valid reports whether s is one of the enum values.
func (s PetStatus) Valid() bool {
	switch s {
	case PetStatusAvailable, PetStatusSold:
		return true
	}
	return false
}

// Pet is an object schema.
type Pet struct {
	ID     int64     `json:"id"`
	Name   string    `json:"name"`
	Status PetStatus `json:"status"`
	// Optional: the property may be absent.
	Tag *string `json:"tag,omitempty"`
	// Nullable but required: present, may be null.
	OwnerName *string `json:"ownerName"`
}

// Decode parses a Pet and checks its enum.
func Decode(data []byte) (Pet, error) {
	var p Pet
	// BROKEN: a string is not an int64.
	p.ID = "one"
	if err := json.Unmarshal(data, &p); err != nil {
		return Pet{}, err
	}
	if !p.Status.Valid() {
		return Pet{}, fmt.Errorf("invalid status %q", p.Status)
	}
	return p, nil
}
