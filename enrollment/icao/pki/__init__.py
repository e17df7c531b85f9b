"""The country signing PKI (CSCA, Document Signer, CRLs, master-list signer, link certificates), signing
EF.SOD, the trust store and CSCA master lists — and ``passive_auth``, the trust policy applied to what
the LDS codecs decoded."""

from enrollment.icao.pki import passive_auth
from enrollment.icao.pki.directory import Issuer, PkiLayout, init_pki, load_issuer
from enrollment.icao.pki.issuance import issue_crl, issue_csca, issue_document_signer
from enrollment.icao.pki.keys import generate_key, load_private_pem, load_public_pem, private_pem, public_pem
from enrollment.icao.pki.master_list import MasterList, build_master_list, verify_master_list
from enrollment.icao.pki.master_list_signer import issue_link_certificate, issue_master_list_signer
from enrollment.icao.pki.sod_signer import build_sod, security_object
from enrollment.icao.pki.trust_import import ImportResult, import_master_list
from enrollment.icao.pki.trust_store import TrustStore, load_trust_store

__all__ = [
    "ImportResult",
    "Issuer",
    "MasterList",
    "PkiLayout",
    "TrustStore",
    "build_master_list",
    "build_sod",
    "generate_key",
    "import_master_list",
    "init_pki",
    "issue_crl",
    "issue_csca",
    "issue_document_signer",
    "issue_link_certificate",
    "issue_master_list_signer",
    "load_issuer",
    "load_private_pem",
    "load_public_pem",
    "load_trust_store",
    "passive_auth",
    "private_pem",
    "public_pem",
    "security_object",
    "verify_master_list",
]
