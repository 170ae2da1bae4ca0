"""Digital signatures on the department's PDF reports (PAdES, with pyHanko): the signer's key from a
PKCS#12 file or a PKCS#11 token, a visible block in Vietnamese, a TSA's timestamp when one answers;
and checking the signatures of a PDF."""
